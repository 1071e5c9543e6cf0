/** Sends a company admin a one-time sign-in code by SMS to the contact number (S4.8); any number gets the same answer. */
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findStaffByLogin } from '../identity/credential.repository.ts';
import { identityRules, lockParams, MINUTE_MS, type IdentityDeps } from '../identity/identity-deps.ts';
import { issueCode } from '../identity/one-time-code.ts';
import { smsText } from '../identity/sms-text.ts';
import { takeWindowSlot } from '../identity/throttle.ts';
import { toE164 } from '../subscribers/phone-number.ts';

export type RequestCompanyAdminCodeInput = { number: string; language: Language };

export async function requestCompanyAdminCode(
  deps: IdentityDeps,
  input: RequestCompanyAdminCodeInput,
  actor: Actor,
): Promise<{ sent: true; expiresInSeconds: number }> {
  const number = toE164(input.number, deps.profile.country);
  const rules = identityRules(deps);
  // The same per-number cap as every code: the number's owner receives them all.
  const slot = await takeWindowSlot(deps, `send:${number}`, rules.maxCodesPerHour, 60 * MINUTE_MS);
  if (!slot.ok) throw new AppError('too_many_codes', `code cap reached for ${number}`, lockParams(slot.until, deps.clock.now()));
  // A sign-in code proves the caller holds the phone, as a subscriber's does; the endpoint decides the role.
  const { code, expiresAt } = await issueCode(deps, number, 'login');
  const admin = await findStaffByLogin(deps.db, number);
  const isAdmin = admin?.role === 'corporate-admin' && admin.disabled === 0 && admin.customer_id !== null;
  if (isAdmin) await deps.sms.send(number, smsText(deps.profile, 'loginCode', input.language, { code }), input.language);
  await writeAudit(deps.db, actor, deps.clock.now(), {
    action: 'auth.business.code.request',
    subjectType: 'staff',
    subjectId: number,
    lineId: null,
    before: null,
    after: { expiresAt: expiresAt.toISOString() },
  });
  return { sent: true, expiresInSeconds: rules.codeTtlMinutes * 60 };
}
