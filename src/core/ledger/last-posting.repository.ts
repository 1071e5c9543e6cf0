/**
 * The newest payment into and the newest debit from a line's main balance, for the home screen
 * (S4.4), in one statement: the line's main account by `accounts_line_kind_uq`, then the newest
 * transfer on each side by `transfers_credit_idx` / `transfers_debit_idx` (account, id) read backwards.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type LastPosting = { transferId: number; at: string; kind: string; amount: number };

/** Transfer kinds that are a payment by or for the subscriber (money in from outside). */
export const PAYMENT_KINDS = ['top-up'] as const;

/** The newest top-up credited to the line's main balance and the newest debit of it (usage, fees, purchases...). */
export async function findLastPostings(db: Db, lineId: number): Promise<{ payment?: LastPosting; debit?: LastPosting }> {
  const main = (eb: ExpressionBuilder<Database, 'transfers'>) =>
    eb.selectFrom('accounts').select('id').where('line_id', '=', lineId).where('kind', '=', 'main');
  const payment = db
    .selectFrom('transfers')
    .select([sql<string>`'payment'`.as('side'), 'id', 'created_at', 'kind', 'amount'])
    .where('credit_account_id', '=', main)
    .where('kind', 'in', PAYMENT_KINDS)
    .orderBy('id', 'desc')
    .limit(1);
  const debit = db
    .selectFrom('transfers')
    .select([sql<string>`'debit'`.as('side'), 'id', 'created_at', 'kind', 'amount'])
    .where('debit_account_id', '=', main)
    .orderBy('id', 'desc')
    .limit(1);
  // Each side is its own subquery (its LIMIT stays its own on both engines).
  const rows = await db
    .selectFrom(payment.as('p'))
    .selectAll()
    .unionAll(db.selectFrom(debit.as('d')).selectAll())
    .execute();
  const view = (side: string): LastPosting | undefined => {
    const row = rows.find((r) => r.side === side);
    return row ? { transferId: Number(row.id), at: row.created_at, kind: row.kind, amount: Number(row.amount) } : undefined;
  };
  const [p, d] = [view('payment'), view('debit')];
  return { ...(p ? { payment: p } : {}), ...(d ? { debit: d } : {}) };
}
