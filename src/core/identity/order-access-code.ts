/**
 * Orders a terminal access code (S3.3): by an empty SMS to 6262 or "Order password" at the terminal.
 * The code goes by SMS; only its hash is kept; a new code replaces the old one. Not while access is
 * blocked after wrong codes (S3.4), and not for corporate or VIP lines or without the service (S3.6).
 */
import { findService, localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { ACCESS_KEY, accessCodeRefusal, requireAccessCodes } from './access-code.ts';
import { identityRules, lockParams, MINUTE_MS, type IdentityDeps } from './identity-deps.ts';
import { upsertAccessCode } from './line-secret.repository.ts';
import { hashSecret, randomDigits } from './secret-hash.ts';
import { lineLanguage, smsText } from './sms-text.ts';
import { clearThrottle, lockedUntil, takeWindowSlot } from './throttle.ts';

export type OrderAccessCodeInput = { number: string; language: Language };

export async function orderAccessCode(deps: IdentityDeps, input: OrderAccessCodeInput, actor: Actor): Promise<{ sent: true }> {
  requireAccessCodes(deps);
  const rules = identityRules(deps);
  const line = await requireLine(deps, input.number);
  const refusal = await accessCodeRefusal(deps, line);
  if (refusal === 'segment') {
    const service = rules.accessCode.service ? findService(deps.profile, rules.accessCode.service) : undefined;
    throw new AppError('not_eligible', `no access code for ${line.segment} line ${line.number}`, {
      offer: localize(service?.names, input.language, deps.profile.defaultLanguage) || 'Access code',
    });
  }
  if (refusal === 'service') {
    throw new AppError('service_not_active', `${rules.accessCode.service ?? 'service'} not on for ${line.number}`);
  }
  const until = await lockedUntil(deps, ACCESS_KEY(line.number));
  if (until) throw new AppError('access_code_locked', `access of ${line.number} blocked`, lockParams(until, deps.clock.now()));
  const slot = await takeWindowSlot(deps, `send:${line.number}`, rules.maxCodesPerHour, 60 * MINUTE_MS);
  if (!slot.ok) throw new AppError('too_many_codes', `code cap reached for ${line.number}`, lockParams(slot.until, deps.clock.now()));
  const code = randomDigits(rules.accessCode.digits);
  const now = deps.clock.now();
  await upsertAccessCode(deps.db, line.id, await hashSecret(code, deps.hashing), now.toISOString());
  await clearThrottle(deps.db, ACCESS_KEY(line.number));
  const language = lineLanguage(deps.profile, line);
  await deps.sms.send(line.number, smsText(deps.profile, 'accessCode', language, { code }), language);
  await writeAudit(deps.db, actor, now, {
    action: 'access-code.order',
    subjectType: 'line',
    subjectId: line.number,
    lineId: line.id,
    before: null,
    after: { via: actor.channel },
  });
  return { sent: true };
}
