/** Card payments (`payments`): insert, look up, and the guarded status changes that make settling happen once. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PaymentsTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type PaymentRow = Selectable<PaymentsTable>;

export async function insertPayment(
  db: Db,
  row: Pick<PaymentRow, 'id' | 'line_id' | 'number' | 'provider' | 'amount' | 'currency' | 'request_key' | 'created_at'>,
): Promise<boolean> {
  const inserted = await db
    .insertInto('payments')
    .values({ ...row, status: 'pending', updated_at: row.created_at })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findPayment(db: Db, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPaymentByRequestKey(db: Db, requestKey: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('request_key', '=', requestKey).executeTakeFirst();
}

export async function listPaymentsOfLine(db: Db, lineId: number, limit: number): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('line_id', '=', lineId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Records where the provider took the payment (once: a replay keeps the first). */
export async function setPaymentRedirect(db: Db, id: string, providerRef: string, redirectUrl: string, at: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ provider_ref: providerRef, redirect_url: redirectUrl, updated_at: at })
    .where('id', '=', id)
    .where('provider_ref', 'is', null)
    .execute();
}

/** Marks a payment succeeded unless it already is; true when this call made the change. */
export async function markPaymentSucceeded(
  db: Db,
  id: string,
  change: { transferId: number; providerRef: string; card: { brand: string; last4: string } | null; at: string },
): Promise<boolean> {
  const updated = await db
    .updateTable('payments')
    .set({
      status: 'succeeded',
      transfer_id: change.transferId,
      provider_ref: change.providerRef,
      card_brand: change.card?.brand ?? null,
      card_last4: change.card?.last4 ?? null,
      failure_code: null,
      settled_at: change.at,
      updated_at: change.at,
    })
    .where('id', '=', id)
    .where('status', '<>', 'succeeded')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Ends a pending payment as failed or canceled; true when this call made the change (a settled payment stays as it is). */
export async function markPaymentUnsuccessful(
  db: Db,
  id: string,
  change: { status: 'failed' | 'canceled'; failureCode: string | null; card: { brand: string; last4: string } | null; at: string },
): Promise<boolean> {
  const updated = await db
    .updateTable('payments')
    .set({
      status: change.status,
      failure_code: change.failureCode,
      card_brand: change.card?.brand ?? null,
      card_last4: change.card?.last4 ?? null,
      settled_at: change.at,
      updated_at: change.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
