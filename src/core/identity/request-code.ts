/** Sends a one-time SMS code for registration, login, password reset or confirming an action; unknown numbers get the same answer. */
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import type { CodePurpose } from './code.repository.ts';
import { identityRules, lockParams, MINUTE_MS, type IdentityDeps } from './identity-deps.ts';
import { issueCode } from './one-time-code.ts';
import { lineLanguage, smsText } from './sms-text.ts';
import { takeWindowSlot } from './throttle.ts';

export type RequestCodeInput = { number: string; purpose: CodePurpose; language: Language };

export type CodeRequested = { sent: true; expiresInSeconds: number };

export async function requestCode(deps: IdentityDeps, input: RequestCodeInput, actor: Actor): Promise<CodeRequested> {
  const number = toE164(input.number, deps.profile.country);
  const rules = identityRules(deps);
  const slot = await takeWindowSlot(deps, `send:${number}`, rules.maxCodesPerHour, 60 * MINUTE_MS);
  if (!slot.ok) throw new AppError('too_many_codes', `code cap reached for ${number}`, lockParams(slot.until, deps.clock.now()));
  const { code, expiresAt } = await issueCode(deps, number, input.purpose);
  const line = await findLineByNumber(deps.db, number);
  if (line) {
    const language = lineLanguage(deps.profile, line);
    await deps.sms.send(number, smsText(deps.profile, 'loginCode', language, { code }), language);
  }
  await writeAudit(deps.db, actor, deps.clock.now(), {
    action: 'auth.code.request',
    subjectType: 'line',
    subjectId: number,
    lineId: line?.id ?? null,
    before: null,
    after: { purpose: input.purpose, expiresAt: expiresAt.toISOString() },
  });
  return { sent: true, expiresInSeconds: rules.codeTtlMinutes * 60 };
}
