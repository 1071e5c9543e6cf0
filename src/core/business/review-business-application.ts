/**
 * An operator admin approves or rejects a company's application (S4.8). Approval, in one
 * transaction: finds or creates the corporate customer (name and region), moves each listed line
 * under it (an audit record per line) and makes the contact number the company's admin
 * (corporate-admin, signing in by SMS code). The applicant gets an SMS about the decision.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { LANGUAGES, type Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import { AppError } from '../errors.ts';
import { findStaffByLogin, insertStaff } from '../identity/credential.repository.ts';
import type { IdentityDeps } from '../identity/identity-deps.ts';
import { actorOf, authorize, type Principal } from '../identity/policy.ts';
import { hashSecret, newToken } from '../identity/secret-hash.ts';
import { findLineByNumber, insertCustomer } from '../subscribers/line.repository.ts';
import { findApplication, findCorporateCustomer, moveLineToCustomer, setStaffCustomer, settleApplication } from './business.repository.ts';
import { decisionSmsText } from './decision-sms.ts';
import { applicationView, type BusinessApplicationView } from './list-business-applications.ts';

export type ReviewBusinessApplicationInput = { id: number; decision: 'approve' | 'reject'; reason?: string | undefined };

export async function reviewBusinessApplication(
  deps: IdentityDeps,
  principal: Principal | null,
  input: ReviewBusinessApplicationInput,
): Promise<BusinessApplicationView> {
  const admin = authorize(principal, 'business.review');
  const actor = actorOf(admin);
  const reason = (input.reason ?? '').trim();
  if (input.decision === 'reject' && (reason.length < 2 || reason.length > 500))
    throw new AppError('invalid_input', 'a rejection needs a reason', {}, [{ path: 'reason', message: '2 to 500 characters' }]);
  const application = await findApplication(deps.db, input.id);
  if (!application) throw new AppError('not_found', `no business application ${input.id}`);
  if (application.status !== 'pending') throw new AppError('application_not_pending', `application ${input.id} is ${application.status}`);
  // The admin signs in by SMS code; this hash only fills the column and matches no password anyone knows.
  const unusablePassword = input.decision === 'approve' ? await hashSecret(newToken(), deps.hashing) : '';
  const now = deps.clock.now();
  const at = now.toISOString();

  await deps.db.transaction().execute(async (trx) => {
    if (input.decision === 'reject') {
      if (!(await settleApplication(trx, input.id, { status: 'rejected', reason, customerId: null, at, by: admin.id })))
        throw new AppError('application_not_pending', `application ${input.id} reviewed concurrently`);
      await writeAudit(trx, actor, now, {
        action: 'business.reject',
        subjectType: 'business-application',
        subjectId: String(input.id),
        lineId: null,
        before: { status: 'pending' },
        after: { status: 'rejected', reason },
      });
      return;
    }
    const customerId = await companyCustomer(trx, application.company, application.region, at);
    if (!(await settleApplication(trx, input.id, { status: 'approved', reason: reason || null, customerId, at, by: admin.id })))
      throw new AppError('application_not_pending', `application ${input.id} reviewed concurrently`);
    for (const number of JSON.parse(application.lines) as string[]) {
      const line = await findLineByNumber(trx, number);
      if (!line) throw new AppError('line_not_found', `line ${number} of application ${input.id} is gone`, { number });
      if (line.segment === 'corporate' && Number(line.customer_id) !== customerId)
        throw new AppError('line_already_corporate', `${number} joined another company`, { number });
      await moveLineToCustomer(trx, line.id, customerId, at);
      await writeAudit(trx, actor, now, {
        action: 'business.line.move',
        subjectType: 'line',
        subjectId: number,
        lineId: line.id,
        before: { customerId: Number(line.customer_id), segment: line.segment },
        after: { customerId, segment: 'corporate', application: input.id },
      });
    }
    await grantCompanyAdmin(trx, application.contact_number, application.company, customerId, unusablePassword, at);
    await writeAudit(trx, actor, now, {
      action: 'business.approve',
      subjectType: 'business-application',
      subjectId: String(input.id),
      lineId: null,
      before: { status: 'pending' },
      after: { status: 'approved', customerId, admin: application.contact_number },
    });
  });

  const language: Language = (LANGUAGES as readonly string[]).includes(application.language)
    ? (application.language as Language)
    : deps.profile.defaultLanguage;
  const decision = input.decision === 'approve' ? 'approved' : 'rejected';
  await deps.sms.send(
    application.contact_number,
    decisionSmsText(decision, language, { brand: deps.profile.brand, company: application.company, reason }),
    language,
  );
  const settled = await findApplication(deps.db, input.id);
  if (!settled) throw new AppError('internal', `application ${input.id} vanished`);
  return applicationView(settled);
}

/** The corporate customer with the company's name and region: the existing one, or a new one. */
async function companyCustomer(db: Kysely<Database>, name: string, region: string, at: string): Promise<number> {
  const existing = await findCorporateCustomer(db, name, region);
  if (existing) return Number(existing.id);
  return insertCustomer(db, { kind: 'corporate', name, region, createdAt: at });
}

/** The contact number becomes (or stays) the admin of the company; one number administers one company. */
async function grantCompanyAdmin(
  db: Kysely<Database>,
  number: string,
  company: string,
  customerId: number,
  passwordHash: string,
  at: string,
): Promise<void> {
  const existing = await findStaffByLogin(db, number);
  if (existing) {
    if (existing.role !== 'corporate-admin') throw new AppError('conflict', `${number} is a ${existing.role} login`);
    if (existing.customer_id !== null && Number(existing.customer_id) !== customerId)
      throw new AppError('conflict', `${number} already administers customer ${existing.customer_id}`);
    await setStaffCustomer(db, Number(existing.id), customerId);
    return;
  }
  await insertStaff(db, {
    login: number,
    role: 'corporate-admin',
    name: company,
    customer_id: customerId,
    password_hash: passwordHash,
    created_at: at,
  });
}
