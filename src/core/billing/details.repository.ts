/** SQL for itemized details: the postings of one account in a time range. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type Posting = { at: string; kind: string; description: string | null; amount: number; direction: 'debit' | 'credit' };

/** Transfers that moved money out of (debit) or into (credit) an account in [from, to). */
export async function listPostings(db: Kysely<Database>, accountId: number, from: string, to: string): Promise<Posting[]> {
  const rows = await db
    .selectFrom('transfers')
    .select(['id', 'created_at', 'kind', 'description', 'amount', 'debit_account_id'])
    .where((eb) => eb.or([eb('debit_account_id', '=', accountId), eb('credit_account_id', '=', accountId)]))
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    at: r.created_at,
    kind: r.kind,
    description: r.description,
    amount: Number(r.amount),
    direction: Number(r.debit_account_id) === accountId ? 'debit' : 'credit',
  }));
}
