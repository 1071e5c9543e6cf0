/** Identifies a caller by number and contract password for the IVR or an agent (S1.4); capped, then locked. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor } from '../context.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { checkContractPassword, requireContractPasswords } from './contract-password.ts';
import type { IdentityDeps } from './identity-deps.ts';

export type VerifyContractPasswordInput = { number: string; pin: string };

export async function verifyContractPassword(
  deps: IdentityDeps,
  input: VerifyContractPasswordInput,
  actor: Actor,
): Promise<{ verified: true }> {
  requireContractPasswords(deps);
  const number = toE164(input.number, deps.profile.country);
  const line = await findLineByNumber(deps.db, number);
  await checkContractPassword(deps, number, line, input.pin, actor);
  await writeAudit(deps.db, actor, deps.clock.now(), {
    action: 'auth.contract-password.verified',
    subjectType: 'line',
    subjectId: number,
    lineId: line?.id ?? null,
    before: null,
    after: null,
  });
  return { verified: true };
}
