/** Logs a subscriber in with number and password (S4.3); failures are capped per number, with a lockout that says when it ends. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { findWebLogin } from './credential.repository.ts';
import { identityRules, lockParams, MINUTE_MS, type IdentityDeps } from './identity-deps.ts';
import { actorOf } from './policy.ts';
import { verifyNothing, verifySecret } from './secret-hash.ts';
import type { SessionGrant } from './session.ts';
import { openSubscriberSession } from './subscriber-session.ts';
import { releaseSourceSlot, settleGuess, takeGuess, takeSourceSlot } from './throttle.ts';

export type LogInWithPasswordInput = {
  number: string;
  password: string;
  /** The caller's address: failures from one source are capped too, whatever numbers they try. */
  source?: string | undefined;
};

export async function logInWithPassword(deps: IdentityDeps, input: LogInWithPasswordInput, actor: Actor): Promise<SessionGrant> {
  const number = toE164(input.number, deps.profile.country);
  const rules = identityRules(deps);
  const key = `login:${number}`;
  const lockMs = rules.loginLockMinutes * MINUTE_MS;
  const sourceKey = input.source === undefined ? undefined : `login-src:${input.source}`;
  if (sourceKey !== undefined) {
    const source = await takeSourceSlot(deps, sourceKey, rules.loginMaxFailuresPerSource, 60 * MINUTE_MS, lockMs);
    if (!source.ok) throw new AppError('login_locked', `source ${input.source} locked`, lockParams(source.until, deps.clock.now()));
  }
  const slot = await takeGuess(deps, key, rules.loginMaxFailures, lockMs);
  if (!slot.ok) {
    // Refusals while locked are not audited one by one: the lock itself was (below).
    throw new AppError('login_locked', `login of ${number} locked`, lockParams(slot.until, deps.clock.now()));
  }
  const login = await findWebLogin(deps.db, number);
  const right = login ? await verifySecret(input.password, login.passwordHash) : await verifyNothing(input.password, deps.hashing);
  const settled = await settleGuess(deps, key, slot, right, rules.loginMaxFailures, lockMs);
  const line = right ? await findLineByNumber(deps.db, number) : undefined;
  if (!right || !line) {
    await audit(deps, actor, number, login?.lineId ?? null, 'auth.login.failed', {
      lockedUntil: settled.lockedUntil?.toISOString() ?? null,
    });
    if (settled.lockedUntil)
      throw new AppError('login_locked', 'locked by this failure', lockParams(settled.lockedUntil, deps.clock.now()));
    throw new AppError('invalid_credentials', `wrong password for ${number}`);
  }
  if (sourceKey !== undefined) await releaseSourceSlot(deps, sourceKey);
  const grant = await openSubscriberSession(deps, line, actor.channel);
  await audit(deps, actorOf(grant.principal), number, line.id, 'auth.login', { method: 'password', sessionId: grant.principal.sessionId });
  return grant;
}

async function audit(deps: IdentityDeps, actor: Actor, number: string, lineId: number | null, action: string, after: unknown = null) {
  await writeAudit(deps.db, actor, deps.clock.now(), { action, subjectType: 'line', subjectId: number, lineId, before: null, after });
}
