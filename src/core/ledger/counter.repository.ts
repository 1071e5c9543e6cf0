/**
 * Guarded counters: a number that may grow only up to a cap, checked in the same statement that
 * raises it (monthly carrier-billing caps per line, refunded amount per transfer).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** Adds `delta` unless the counter would pass `cap`; returns false (nothing changed) when it would. */
export async function bumpCounter(db: Db, key: string, delta: number, cap: number): Promise<boolean> {
  if (delta > cap) return false;
  const row = await db
    .insertInto('ledger_counters')
    .values({ key, used: delta })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ used: sql`ledger_counters.used + ${delta}` })
        .where(sql`ledger_counters.used + ${delta}`, '<=', cap),
    )
    .returning('used')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives `delta` back (a voided or expired reservation). */
export async function releaseCounter(db: Db, key: string, delta: number): Promise<void> {
  await db
    .updateTable('ledger_counters')
    .set({ used: sql`case when used >= ${delta} then used - ${delta} else 0 end` })
    .where('key', '=', key)
    .execute();
}

export async function counterValue(db: Db, key: string): Promise<number> {
  const row = await db.selectFrom('ledger_counters').select('used').where('key', '=', key).executeTakeFirst();
  return Number(row?.used ?? 0);
}
