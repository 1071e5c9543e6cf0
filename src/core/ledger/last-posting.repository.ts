/**
 * The newest payment into and the newest debit from a line's main balance, for the home screen
 * (S4.4). Each is one indexed read: the line's main account by `accounts_line_kind_uq`, then the
 * newest transfer by `transfers_credit_idx` / `transfers_debit_idx` (account, id) read backwards.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type LastPosting = { transferId: number; at: string; kind: string; amount: number };

/** Transfer kinds that are a payment by or for the subscriber (money in from outside). */
export const PAYMENT_KINDS = ['top-up'] as const;

/** The newest top-up credited to the line's main balance. */
export async function findLastPayment(db: Db, lineId: number): Promise<LastPosting | undefined> {
  const row = await db
    .selectFrom('transfers')
    .select(['id', 'created_at', 'kind', 'amount'])
    .where('credit_account_id', '=', (eb) =>
      eb.selectFrom('accounts').select('id').where('line_id', '=', lineId).where('kind', '=', 'main'),
    )
    .where('kind', 'in', PAYMENT_KINDS)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { transferId: Number(row.id), at: row.created_at, kind: row.kind, amount: Number(row.amount) } : undefined;
}

/** The newest debit of the line's main balance, whatever it paid for (usage, fees, purchases...). */
export async function findLastDebit(db: Db, lineId: number): Promise<LastPosting | undefined> {
  const row = await db
    .selectFrom('transfers')
    .select(['id', 'created_at', 'kind', 'amount'])
    .where('debit_account_id', '=', (eb) => eb.selectFrom('accounts').select('id').where('line_id', '=', lineId).where('kind', '=', 'main'))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { transferId: Number(row.id), at: row.created_at, kind: row.kind, amount: Number(row.amount) } : undefined;
}
