/** The shared step of registration and password reset: prove the phone with a code, then set the password. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { upsertWebPassword } from './credential.repository.ts';
import { identityRules, type IdentityDeps } from './identity-deps.ts';
import { consumeCode } from './one-time-code.ts';
import { checkNewPassword } from './password-rules.ts';
import { actorOf } from './policy.ts';
import { hashSecret } from './secret-hash.ts';
import { revokeAllSessions, type SessionGrant } from './session.ts';
import { openSubscriberSession } from './subscriber-session.ts';
import { clearThrottle } from './throttle.ts';

export type SetPasswordWithCodeInput = { number: string; code: string; password: string };

export async function setPasswordWithCode(
  deps: IdentityDeps,
  input: SetPasswordWithCodeInput,
  purpose: 'register' | 'reset',
  actor: Actor,
): Promise<SessionGrant> {
  const number = toE164(input.number, deps.profile.country);
  checkNewPassword(input.password, identityRules(deps).passwordMinLength, number);
  const right = await consumeCode(deps, number, purpose, input.code);
  const line = right ? await findLineByNumber(deps.db, number) : undefined;
  if (!line) {
    await writeAudit(deps.db, actor, deps.clock.now(), {
      action: `auth.${purpose}.failed`,
      subjectType: 'line',
      subjectId: number,
      lineId: null,
      before: null,
      after: { reason: 'code' },
    });
    throw new AppError('code_invalid', `wrong ${purpose} code for ${number}`);
  }
  const now = deps.clock.now();
  await upsertWebPassword(deps.db, line.id, await hashSecret(input.password, deps.hashing), now.toISOString());
  await clearThrottle(deps.db, `login:${number}`);
  // A new password ends every session opened with the old one.
  if (purpose === 'reset') await revokeAllSessions(deps, { role: 'subscriber', id: line.number });
  const grant = await openSubscriberSession(deps, line, actor.channel);
  await writeAudit(deps.db, actorOf(grant.principal), now, {
    action: purpose === 'register' ? 'auth.register' : 'auth.password.reset',
    subjectType: 'line',
    subjectId: line.number,
    lineId: line.id,
    before: null,
    after: { sessionId: grant.principal.sessionId },
  });
  return grant;
}
