/** Logs a subscriber in with a one-time SMS code instead of a password (S4.3). */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { consumeCode } from './one-time-code.ts';
import { actorOf } from './policy.ts';
import type { SessionGrant } from './session.ts';
import { openSubscriberSession } from './subscriber-session.ts';

export type LogInWithCodeInput = { number: string; code: string };

export async function logInWithCode(deps: IdentityDeps, input: LogInWithCodeInput, actor: Actor): Promise<SessionGrant> {
  const number = toE164(input.number, deps.profile.country);
  const right = await consumeCode(deps, number, 'login', input.code);
  const line = right ? await findLineByNumber(deps.db, number) : undefined;
  const now = deps.clock.now();
  if (!line) {
    await writeAudit(deps.db, actor, now, {
      action: 'auth.login.failed',
      subjectType: 'line',
      subjectId: number,
      lineId: null,
      before: null,
      after: { method: 'code' },
    });
    throw new AppError('code_invalid', `wrong login code for ${number}`);
  }
  const grant = await openSubscriberSession(deps, line, actor.channel);
  await writeAudit(deps.db, actorOf(grant.principal), now, {
    action: 'auth.login',
    subjectType: 'line',
    subjectId: number,
    lineId: line.id,
    before: null,
    after: { method: 'code', sessionId: grant.principal.sessionId },
  });
  return grant;
}
