/** Logs a staff user (agent, supervisor, admin, corporate admin) in; failures are capped per login with a lockout. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { findStaffByLogin } from './credential.repository.ts';
import { identityRules, lockParams, MINUTE_MS, type IdentityDeps } from './identity-deps.ts';
import { actorOf } from './policy.ts';
import { verifyNothing, verifySecret } from './secret-hash.ts';
import { issueSession, type SessionGrant } from './session.ts';
import { settleGuess, takeGuess } from './throttle.ts';

export type LogInStaffInput = { login: string; password: string };

export async function logInStaff(deps: IdentityDeps, input: LogInStaffInput, actor: Actor): Promise<SessionGrant> {
  const rules = identityRules(deps);
  const login = input.login.trim().toLowerCase().slice(0, 64);
  const key = `staff:${login}`;
  const lockMs = rules.loginLockMinutes * MINUTE_MS;
  const audit = (a: Actor, action: string, after: unknown = null) =>
    writeAudit(deps.db, a, deps.clock.now(), { action, subjectType: 'staff', subjectId: login, lineId: null, before: null, after });
  const slot = await takeGuess(deps, key, rules.loginMaxFailures, lockMs);
  if (!slot.ok) {
    throw new AppError('login_locked', `staff login ${login} locked`, lockParams(slot.until, deps.clock.now()));
  }
  const staff = await findStaffByLogin(deps.db, login);
  const usable = staff && staff.disabled === 0 ? staff : undefined;
  const right = usable ? await verifySecret(input.password, usable.password_hash) : await verifyNothing(input.password, deps.hashing);
  const settled = await settleGuess(deps, key, slot, right, rules.loginMaxFailures, lockMs);
  if (!right || !usable) {
    await audit(actor, 'auth.staff.login.failed', { lockedUntil: settled.lockedUntil?.toISOString() ?? null });
    if (settled.lockedUntil)
      throw new AppError('login_locked', 'locked by this failure', lockParams(settled.lockedUntil, deps.clock.now()));
    throw new AppError('invalid_credentials', `wrong password for staff ${login}`);
  }
  const grant = await issueSession(
    deps,
    {
      role: usable.role,
      id: usable.login,
      lineId: null,
      customerId: usable.customer_id === null ? null : Number(usable.customer_id),
      staffId: Number(usable.id),
      channel: usable.role === 'agent' || usable.role === 'supervisor' ? 'agent' : actor.channel,
    },
    { absoluteMinutes: rules.sessionAbsoluteHours * 60, idleMinutes: rules.sessionIdleMinutes },
  );
  await audit(actorOf(grant.principal), 'auth.staff.login', { sessionId: grant.principal.sessionId });
  return grant;
}
