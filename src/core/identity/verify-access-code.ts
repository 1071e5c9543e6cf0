/**
 * Identifies a subscriber at a payment terminal by number and access code (S3.3, S3.4) and opens a
 * short terminal session. More than `maxFailures` wrong codes in a row block access for `lockHours`;
 * afterwards the same code works again. Unknown numbers and ineligible lines get the same answer.
 */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { ACCESS_KEY, accessCodeRefusal, requireAccessCodes } from './access-code.ts';
import { identityRules, lockParams, MINUTE_MS, type IdentityDeps } from './identity-deps.ts';
import { findAccessCodeHash } from './line-secret.repository.ts';
import { actorOf } from './policy.ts';
import { verifyNothing, verifySecret } from './secret-hash.ts';
import type { SessionGrant } from './session.ts';
import { openSubscriberSession } from './subscriber-session.ts';
import { settleGuess, takeGuess } from './throttle.ts';

export type VerifyAccessCodeInput = { number: string; code: string };

export async function verifyAccessCode(deps: IdentityDeps, input: VerifyAccessCodeInput, actor: Actor): Promise<SessionGrant> {
  requireAccessCodes(deps);
  const rules = identityRules(deps).accessCode;
  const number = toE164(input.number, deps.profile.country);
  const key = ACCESS_KEY(number);
  const lockMs = rules.lockHours * 60 * MINUTE_MS;
  const audit = (a: Actor, action: string, lineId: number | null, after: unknown = null) =>
    writeAudit(deps.db, a, deps.clock.now(), { action, subjectType: 'line', subjectId: number, lineId, before: null, after });
  const slot = await takeGuess(deps, key, rules.maxFailures, lockMs);
  if (!slot.ok) {
    throw new AppError('access_code_locked', `access of ${number} blocked`, lockParams(slot.until, deps.clock.now()));
  }
  const line = await findLineByNumber(deps.db, number);
  const usable = line && (await accessCodeRefusal(deps, line)) === undefined ? line : undefined;
  const stored = usable ? await findAccessCodeHash(deps.db, usable.id) : undefined;
  const right = stored ? await verifySecret(input.code, stored) : await verifyNothing(input.code, deps.hashing);
  const settled = await settleGuess(deps, key, slot, right, rules.maxFailures, lockMs);
  if (!right || !usable) {
    await audit(actor, 'auth.access-code.failed', line?.id ?? null, { lockedUntil: settled.lockedUntil?.toISOString() ?? null });
    if (settled.lockedUntil)
      throw new AppError('access_code_locked', 'locked by this failure', lockParams(settled.lockedUntil, deps.clock.now()));
    throw new AppError('access_code_invalid', `wrong access code for ${number}`);
  }
  const grant = await openSubscriberSession(deps, usable, 'terminal', 'terminal');
  await audit(actorOf(grant.principal), 'auth.access-code.verified', usable.id);
  return grant;
}
