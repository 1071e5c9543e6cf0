/**
 * Checking the contract password of a line (the 5-digit Telekom password, S1.2, S1.4): at most
 * `maxFailures` wrong ones in a row, then a lockout of `lockMinutes`. A number without a password
 * (or that is not ours) takes the same time and gets the same answer as a wrong password.
 */
import type { LineRow } from '../../db/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { identityRules, lockParams, MINUTE_MS } from './identity-deps.ts';
import { findContractPassword } from './line-secret.repository.ts';
import { STRONG_HASHING, verifyNothing, verifySecret, type HashingParams } from './secret-hash.ts';
import { settleGuess, takeGuess } from './throttle.ts';

/** Throws `feature_not_available` when the operator offers no contract password. */
export function requireContractPasswords(deps: Pick<CoreDeps, 'profile'>): void {
  if (!identityRules(deps).contractPassword.enabled) {
    throw new AppError('feature_not_available', 'contract passwords are off in this profile', { feature: 'Contract password' });
  }
}

/** Throws `contract_password_locked` or `contract_password_invalid` unless `pin` is the line's contract password; audits failures. */
export async function checkContractPassword(
  deps: CoreDeps & { hashing?: HashingParams },
  number: string,
  line: LineRow | undefined,
  pin: string,
  actor: Actor,
): Promise<void> {
  const rules = identityRules(deps).contractPassword;
  const key = `pin:${number}`;
  const lockMs = rules.lockMinutes * MINUTE_MS;
  const slot = await takeGuess(deps, key, rules.maxFailures, lockMs);
  if (!slot.ok)
    throw new AppError('contract_password_locked', `contract password of ${number} locked`, lockParams(slot.until, deps.clock.now()));
  const stored = line ? (await findContractPassword(deps.db, line.id))?.pinHash : undefined;
  const right = stored ? await verifySecret(pin, stored) : await verifyNothing(pin, deps.hashing ?? STRONG_HASHING);
  const settled = await settleGuess(deps, key, slot, right, rules.maxFailures, lockMs);
  if (!right) {
    await writeAudit(deps.db, actor, deps.clock.now(), {
      action: 'auth.contract-password.failed',
      subjectType: 'line',
      subjectId: number,
      lineId: line?.id ?? null,
      before: null,
      after: { lockedUntil: settled.lockedUntil?.toISOString() ?? null },
    });
  }
  if (settled.lockedUntil) {
    throw new AppError(
      'contract_password_locked',
      `contract password of ${number} locked now`,
      lockParams(settled.lockedUntil, deps.clock.now()),
    );
  }
  if (!right) throw new AppError('contract_password_invalid', `wrong contract password for ${number}`);
}
