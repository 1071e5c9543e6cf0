/** What the ledger reads of lines (line status changes are billing's: `billing/line-funds.ts`). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** The ids of every line of a customer with their line types. */
export async function listCustomerLineTypes(db: Db, customerId: number): Promise<string[]> {
  const rows = await db.selectFrom('lines').select('line_type').where('customer_id', '=', customerId).execute();
  return rows.map((r) => r.line_type);
}
