/**
 * Holds: the pending phase of a two-phase transfer. Reserving raises the debit account's
 * `reserved` in one guarded UPDATE (available = balance - reserved must stay at or above the
 * floor); posting turns the hold into a transfer; voiding or expiry releases it. Each state change
 * is guarded by `status = 'pending'`, so a hold is resolved exactly once whatever the races.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, HoldsTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type HoldRow = Selectable<HoldsTable>;

export type HoldInput = {
  debitAccountId: number;
  creditAccountId: number;
  amount: number;
  kind: string;
  description: string | null;
  externalRef: string | null;
  lineId: number | null;
  source: string | null;
  serviceId: string | null;
  counterKey: string | null;
  expiresAt: string;
  at: string;
};

/** Reserves the amount on the debit account; returns the hold id, or null (nothing changed) when the floor would be crossed. */
export async function reserveHold(db: Db, h: HoldInput): Promise<number | null> {
  if (!Number.isSafeInteger(h.amount) || h.amount <= 0) throw new Error(`hold amount must be a positive integer, got ${h.amount}`);
  const reserved = await db
    .updateTable('accounts')
    .set({ reserved: sql`reserved + ${h.amount}` })
    .where('id', '=', h.debitAccountId)
    .where((eb) => eb.or([eb('floor', 'is', null), eb(sql`balance - reserved - ${h.amount}`, '>=', eb.ref('floor'))]))
    .executeTakeFirst();
  if (Number(reserved.numUpdatedRows) !== 1) return null;
  const row = await db
    .insertInto('holds')
    .values({
      debit_account_id: h.debitAccountId,
      credit_account_id: h.creditAccountId,
      amount: h.amount,
      kind: h.kind,
      description: h.description,
      external_ref: h.externalRef,
      status: 'pending',
      line_id: h.lineId,
      source: h.source,
      service_id: h.serviceId,
      counter_key: h.counterKey,
      transfer_id: null,
      expires_at: h.expiresAt,
      created_at: h.at,
      resolved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Posts a pending, unexpired hold as a transfer; returns the resolved hold, or undefined when it was not pending or has expired. */
export async function postHold(db: Db, holdId: number, at: string): Promise<HoldRow | undefined> {
  const hold = await db
    .updateTable('holds')
    .set({ status: 'posted', resolved_at: at })
    .where('id', '=', holdId)
    .where('status', '=', 'pending')
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
  if (!hold) return undefined;
  const amount = Number(hold.amount);
  const debit = () =>
    db
      .updateTable('accounts')
      .set({ balance: sql`balance - ${amount}`, reserved: sql`reserved - ${amount}` })
      .where('id', '=', hold.debit_account_id)
      .execute();
  const credit = () =>
    db
      .updateTable('accounts')
      .set({ balance: sql`balance + ${amount}` })
      .where('id', '=', hold.credit_account_id)
      .execute();
  // Rows in id order, as every transfer takes them (no deadlock between opposite directions).
  if (Number(hold.debit_account_id) < Number(hold.credit_account_id)) {
    await debit();
    await credit();
  } else {
    await credit();
    await debit();
  }
  const transfer = await db
    .insertInto('transfers')
    .values({
      debit_account_id: hold.debit_account_id,
      credit_account_id: hold.credit_account_id,
      amount,
      kind: hold.kind,
      description: hold.description,
      external_ref: `hold:${holdId}`,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('holds').set({ transfer_id: transfer.id }).where('id', '=', holdId).execute();
  return { ...hold, transfer_id: Number(transfer.id) };
}

/**
 * Releases a pending hold (`voided` by request, `expired` by the sweeper, which only releases
 * holds past their expiry). Returns the released hold, or undefined when it was not pending.
 */
export async function releaseHold(db: Db, holdId: number, status: 'voided' | 'expired', at: string): Promise<HoldRow | undefined> {
  const hold = await db
    .updateTable('holds')
    .set({ status, resolved_at: at })
    .where('id', '=', holdId)
    .where('status', '=', 'pending')
    .$if(status === 'expired', (q) => q.where('expires_at', '<=', at))
    .returningAll()
    .executeTakeFirst();
  if (!hold) return undefined;
  await db
    .updateTable('accounts')
    .set({ reserved: sql`reserved - ${Number(hold.amount)}` })
    .where('id', '=', hold.debit_account_id)
    .execute();
  return hold;
}

export async function findHold(db: Db, holdId: number): Promise<HoldRow | undefined> {
  return db.selectFrom('holds').selectAll().where('id', '=', holdId).executeTakeFirst();
}

/** Pending holds whose expiry has passed, oldest first. */
export async function listExpiredHolds(
  db: Db,
  at: string,
  limit: number,
): Promise<{ id: number; counterKey: string | null; amount: number }[]> {
  const rows = await db
    .selectFrom('holds')
    .select(['id', 'counter_key', 'amount'])
    .where('status', '=', 'pending')
    .where('expires_at', '<=', at)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), counterKey: r.counter_key, amount: Number(r.amount) }));
}

/** Sum of pending hold amounts per debit account: what every `reserved` must equal. */
export async function sumPendingByAccount(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('holds')
    .select(['debit_account_id as id', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('status', '=', 'pending')
    .groupBy('debit_account_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.id), Number(r.total)]));
}
