/** Signs a company admin in with the SMS code sent to the contact number (S4.8): a corporate-admin session for their company. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findStaffByLogin } from '../identity/credential.repository.ts';
import { identityRules, type IdentityDeps } from '../identity/identity-deps.ts';
import { consumeCode } from '../identity/one-time-code.ts';
import { actorOf } from '../identity/policy.ts';
import { issueSession, type SessionGrant } from '../identity/session.ts';
import { toE164 } from '../subscribers/phone-number.ts';

export type LogInCompanyAdminInput = { number: string; code: string };

export async function logInCompanyAdmin(deps: IdentityDeps, input: LogInCompanyAdminInput, actor: Actor): Promise<SessionGrant> {
  const number = toE164(input.number, deps.profile.country);
  const right = await consumeCode(deps, number, 'login', input.code);
  const admin = right ? await findStaffByLogin(deps.db, number) : undefined;
  const now = deps.clock.now();
  if (!admin || admin.role !== 'corporate-admin' || admin.disabled !== 0 || admin.customer_id === null) {
    await writeAudit(deps.db, actor, now, {
      action: 'auth.business.login.failed',
      subjectType: 'staff',
      subjectId: number,
      lineId: null,
      before: null,
      after: null,
    });
    throw new AppError('code_invalid', `wrong company admin code for ${number}`);
  }
  const rules = identityRules(deps);
  const grant = await issueSession(
    deps,
    {
      role: 'corporate-admin',
      id: number,
      lineId: null,
      customerId: Number(admin.customer_id),
      staffId: Number(admin.id),
      channel: actor.channel,
    },
    { absoluteMinutes: rules.sessionAbsoluteHours * 60, idleMinutes: rules.sessionIdleMinutes },
  );
  await writeAudit(deps.db, actorOf(grant.principal), now, {
    action: 'auth.business.login',
    subjectType: 'staff',
    subjectId: number,
    lineId: null,
    before: null,
    after: { sessionId: grant.principal.sessionId, customerId: Number(admin.customer_id) },
  });
  return grant;
}
