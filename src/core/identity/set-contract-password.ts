/** Sets or changes the contract password of a line (S1.2, S1.4); only its hash is kept. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { LineRow } from '../../db/schema.ts';
import type { Actor } from '../context.ts';
import { requireContractPasswords } from './contract-password.ts';
import { identityRules, type IdentityDeps } from './identity-deps.ts';
import { findContractPassword, upsertContractPin } from './line-secret.repository.ts';
import { checkNewPin } from './password-rules.ts';
import { hashSecret } from './secret-hash.ts';
import { clearThrottle } from './throttle.ts';

export type SetContractPasswordInput = { line: LineRow; pin: string };

export async function setContractPassword(deps: IdentityDeps, input: SetContractPasswordInput, actor: Actor): Promise<{ set: true }> {
  requireContractPasswords(deps);
  checkNewPin(input.pin, identityRules(deps).contractPassword.digits);
  const had = await findContractPassword(deps.db, input.line.id);
  const now = deps.clock.now();
  await upsertContractPin(deps.db, input.line.id, await hashSecret(input.pin, deps.hashing), now.toISOString());
  await clearThrottle(deps.db, `pin:${input.line.number}`);
  await writeAudit(deps.db, actor, now, {
    action: 'contract-password.set',
    subjectType: 'line',
    subjectId: input.line.number,
    lineId: input.line.id,
    before: { set: Boolean(had?.pinHash) },
    after: { set: true },
  });
  return { set: true };
}
