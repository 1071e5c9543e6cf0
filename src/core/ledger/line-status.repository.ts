/** The ledger's one write to a line: unblocking a prepaid line whose balance is back at or above zero. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { rawSqliteOf } from '../../db/sqlite-driver.ts';
import { sqliteUnblockIfFunded } from './sqlite-hot-path.repository.ts';

type Db = Kysely<Database>;

/** Sets a blocked prepaid line active when its main balance is >= 0, in one guarded statement; true when it did. */
export async function unblockIfFunded(db: Db, lineId: number, mainAccountId: number, at: string): Promise<boolean> {
  const raw = rawSqliteOf(db);
  if (raw) return sqliteUnblockIfFunded(raw, lineId, mainAccountId, at);
  const result = await db
    .updateTable('lines')
    .set({ status: 'active', updated_at: at })
    .where('id', '=', lineId)
    .where('status', '=', 'blocked')
    .where('payment_type', '=', 'prepaid')
    .where((eb) => eb(eb.selectFrom('accounts').select('balance').where('id', '=', mainAccountId), '>=', 0))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The ids of every line of a customer with their line types. */
export async function listCustomerLineTypes(db: Db, customerId: number): Promise<string[]> {
  const rows = await db.selectFrom('lines').select('line_type').where('customer_id', '=', customerId).execute();
  return rows.map((r) => r.line_type);
}
