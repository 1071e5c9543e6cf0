/**
 * "Password protection" of a line: when the profile offers it and the line asked for it, every
 * service or tariff change on any channel needs the contract password. Catalog use cases call
 * `assertPasswordProtection` before they change anything (outside their transaction, so a wrong
 * password is counted even though the change is refused).
 */
import type { LineRow } from '../../db/schema.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { checkContractPassword } from './contract-password.ts';
import { identityRules } from './identity-deps.ts';
import { findContractPassword } from './line-secret.repository.ts';

export async function assertPasswordProtection(
  deps: CoreDeps,
  line: LineRow,
  suppliedPin: string | undefined,
  actor: Actor = { type: 'system', id: 'password-protection', channel: 'system' },
): Promise<void> {
  if (!identityRules(deps).contractPassword.protectionAvailable) return;
  const stored = await findContractPassword(deps.db, line.id);
  if (!stored?.protection) return;
  if (suppliedPin === undefined || suppliedPin === '') {
    throw new AppError('contract_password_required', `line ${line.number} is password-protected`);
  }
  await checkContractPassword(deps, line.number, line, suppliedPin, actor);
}
