/** SQL for a line's black list (S4.4): the numbers its black-list service blocks. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type BlockedNumber = { number: string; addedAt: string };

export async function listBlockedNumbersWithDates(db: Db, lineId: number): Promise<BlockedNumber[]> {
  const rows = await db
    .selectFrom('blocked_numbers')
    .select(['number', 'added_at'])
    .where('line_id', '=', lineId)
    .orderBy('added_at')
    .orderBy('number')
    .execute();
  return rows.map((r) => ({ number: r.number, addedAt: r.added_at }));
}

export async function countBlockedNumbers(db: Db, lineId: number): Promise<number> {
  const row = await db
    .selectFrom('blocked_numbers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('line_id', '=', lineId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds a number; false when it was already on the list (the primary key decides, not a read). */
export async function insertBlockedNumber(db: Db, lineId: number, number: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('blocked_numbers')
    .values({ line_id: lineId, number, added_at: at })
    .onConflict((oc) => oc.columns(['line_id', 'number']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Removes a number; false when it was not on the list. */
export async function deleteBlockedNumber(db: Db, lineId: number, number: string): Promise<boolean> {
  const result = await db.deleteFrom('blocked_numbers').where('line_id', '=', lineId).where('number', '=', number).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
