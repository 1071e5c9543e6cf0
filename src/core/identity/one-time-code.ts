/**
 * One-time SMS codes: 6 digits from crypto.randomInt, stored as scrypt hashes, valid for
 * `codeTtlMinutes`, `maxCodeAttempts` tries each, single use. Only the newest code of a number and
 * purpose counts. Numbers that are not ours get a code row too (never sent), so every answer and
 * every counter behaves the same for them.
 */
import { AppError } from '../errors.ts';
import { findLiveCode, insertCode, spendCode, takeCodeAttempt, type CodePurpose } from './code.repository.ts';
import { identityRules, MINUTE_MS, type IdentityDeps } from './identity-deps.ts';
import { hashSecret, randomDigits, verifyNothing, verifySecret } from './secret-hash.ts';

export const CODE_DIGITS = 6;
const CODE_PATTERN = /^[0-9]{6}$/;

/** Creates a code for a number and purpose; returns it in clear for the SMS, the only place it goes. */
export async function issueCode(deps: IdentityDeps, number: string, purpose: CodePurpose): Promise<{ code: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + identityRules(deps).codeTtlMinutes * MINUTE_MS);
  const code = randomDigits(CODE_DIGITS);
  await insertCode(deps.db, {
    number,
    purpose,
    codeHash: await hashSecret(code, deps.hashing),
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return { code, expiresAt };
}

/** Spends the code if it is right; false otherwise (wrong, expired, spent, out of tries, or no code). */
export async function consumeCode(deps: IdentityDeps, number: string, purpose: CodePurpose, code: string): Promise<boolean> {
  const now = deps.clock.now().toISOString();
  const live = await findLiveCode(deps.db, number, purpose, now);
  const max = identityRules(deps).maxCodeAttempts;
  // The read answers a burned code without a write; the guarded UPDATE settles races.
  if (!live || live.attempts >= max || !(await takeCodeAttempt(deps.db, live.id, max))) return verifyNothing(code, deps.hashing);
  const right = await verifySecret(code, live.codeHash);
  if (!right || !CODE_PATTERN.test(code)) return false;
  return spendCode(deps.db, live.id, now);
}

/** Throws `code_invalid` unless the code is right: for use cases that confirm a sensitive action by SMS. */
export async function requireCode(deps: IdentityDeps, number: string, purpose: CodePurpose, code: string): Promise<void> {
  if (!(await consumeCode(deps, number, purpose, code))) throw new AppError('code_invalid', `wrong or spent ${purpose} code for ${number}`);
}
