/** SQL for one-time codes: only hashes are stored; a code is spent by a guarded UPDATE. */
import type { Kysely } from 'kysely';
import type { Database, IdentityCodesTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type CodePurpose = IdentityCodesTable['purpose'];

export async function insertCode(
  db: Db,
  code: { number: string; purpose: CodePurpose; codeHash: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('identity_codes')
    .values({
      number: code.number,
      purpose: code.purpose,
      code_hash: code.codeHash,
      attempts: 0,
      created_at: code.createdAt,
      expires_at: code.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The newest unspent, unexpired code of a number for a purpose: older ones no longer count. */
export async function findLiveCode(
  db: Db,
  number: string,
  purpose: CodePurpose,
  now: string,
): Promise<{ id: number; codeHash: string; attempts: number } | undefined> {
  const row = await db
    .selectFrom('identity_codes')
    .select(['id', 'code_hash', 'used_at', 'expires_at', 'attempts'])
    .where('number', '=', number)
    .where('purpose', '=', purpose)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= now) return undefined;
  return { id: Number(row.id), codeHash: row.code_hash, attempts: Number(row.attempts) };
}

/** Counts a try against a code; false when the code has no tries left or is spent. */
export async function takeCodeAttempt(db: Db, id: number, maxAttempts: number): Promise<boolean> {
  const result = await db
    .updateTable('identity_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', maxAttempts)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Spends a code; false when someone spent it first. */
export async function spendCode(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('identity_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
