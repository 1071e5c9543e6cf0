/** Turns a line's "password protection" on or off; either way the contract password must be given. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { LineRow } from '../../db/schema.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../errors.ts';
import { checkContractPassword, requireContractPasswords } from './contract-password.ts';
import { identityRules, type IdentityDeps } from './identity-deps.ts';
import { findContractPassword, setProtectionFlag } from './line-secret.repository.ts';

export type SetPasswordProtectionInput = { line: LineRow; enabled: boolean; pin: string };

export async function setPasswordProtection(
  deps: IdentityDeps,
  input: SetPasswordProtectionInput,
  actor: Actor,
): Promise<{ protection: boolean }> {
  requireContractPasswords(deps);
  if (!identityRules(deps).contractPassword.protectionAvailable) {
    throw new AppError('feature_not_available', 'password protection is off in this profile', { feature: 'Password protection' });
  }
  const stored = await findContractPassword(deps.db, input.line.id);
  await checkContractPassword(deps, input.line.number, input.line, input.pin, actor);
  const now = deps.clock.now();
  await setProtectionFlag(deps.db, input.line.id, input.enabled, now.toISOString());
  await writeAudit(deps.db, actor, now, {
    action: 'contract-password.protection',
    subjectType: 'line',
    subjectId: input.line.number,
    lineId: input.line.id,
    before: { protection: stored?.protection ?? false },
    after: { protection: input.enabled },
  });
  return { protection: input.enabled };
}
