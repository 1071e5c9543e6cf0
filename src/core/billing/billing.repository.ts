/** SQL for promised payments, recurring fee charges and the money-driven status of a line. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, LineRow, PromisedPaymentsTable } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type PromisedPaymentRow = Selectable<PromisedPaymentsTable>;

/** Opens a promised payment; undefined when the line already has an open one (the unique index decides). */
export async function openPromisedPayment(
  db: Db,
  p: { lineId: number; amount: number; fee: number; takenAt: string; dueAt: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto('promised_payments')
    .values({
      line_id: p.lineId,
      amount: p.amount,
      fee: p.fee,
      outstanding: p.amount,
      status: 'open',
      taken_at: p.takenAt,
      due_at: p.dueAt,
      closed_at: null,
    })
    .onConflict((oc) => oc.column('line_id').where('status', '=', sql.lit('open')).doNothing()) // a literal: SQLite matches it to the partial index
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function findOpenPromisedPayment(db: Db, lineId: number): Promise<PromisedPaymentRow | undefined> {
  return db.selectFrom('promised_payments').selectAll().where('line_id', '=', lineId).where('status', '=', 'open').executeTakeFirst();
}

export async function listPromisedPayments(db: Db, lineId: number): Promise<PromisedPaymentRow[]> {
  return db.selectFrom('promised_payments').selectAll().where('line_id', '=', lineId).orderBy('id').execute();
}

/** Lowers the outstanding amount of an open promised payment; closes it as repaid at zero. False when it changed meanwhile. */
export async function repayPromisedPaymentRow(db: Db, id: number, amount: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('promised_payments')
    .set({
      outstanding: sql`outstanding - ${amount}`,
      status: sql`case when outstanding = ${amount} then 'repaid' else status end`,
      closed_at: sql`case when outstanding = ${amount} then ${at} else closed_at end`,
    })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('outstanding', '>=', amount)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes the write lock on an open promised payment as a transaction's first statement (a row lock on
 * PostgreSQL, the database write lock on SQLite); false when it is no longer open.
 */
export async function lockOpenPromisedPayment(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('promised_payments')
    .set({ status: sql`status` })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Closes an open promised payment as debt; false when it was no longer open (another process got there first). */
export async function closePromisedPaymentAsDebt(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('promised_payments')
    .set({ status: 'debt', closed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listDuePromisedPayments(db: Db, now: string, limit: number): Promise<PromisedPaymentRow[]> {
  return db
    .selectFrom('promised_payments')
    .selectAll()
    .where('status', '=', 'open')
    .where('due_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- recurring fees

export type FeeChargeState = { item: string; period: string; status: 'charged' | 'unpaid' };

export async function listFeeCharges(db: Db, lineId: number, periods: string[]): Promise<FeeChargeState[]> {
  if (periods.length === 0) return [];
  return db
    .selectFrom('fee_charges')
    .select(['item', 'period', 'status'])
    .where('line_id', '=', lineId)
    .where('period', 'in', periods)
    .execute();
}

/**
 * Claims (line, item, period) for charging: inserts the row as `unpaid`. Undefined when the row
 * exists: another run or process charged (or is charging) it. The caller marks it charged in the
 * same transaction once the money has moved.
 */
export async function claimFeePeriod(
  db: Db,
  c: { lineId: number; item: string; period: string; amount: number; at: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto('fee_charges')
    .values({ line_id: c.lineId, item: c.item, period: c.period, amount: c.amount, status: 'unpaid', created_at: c.at, updated_at: c.at })
    .onConflict((oc) => oc.columns(['line_id', 'item', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** Claims an unpaid fee for another attempt; undefined when it is not unpaid any more. */
export async function claimUnpaidFee(db: Db, lineId: number, item: string, period: string, at: string): Promise<number | undefined> {
  const row = await db
    .updateTable('fee_charges')
    .set({ attempts: sql`attempts + 1`, updated_at: at })
    .where('line_id', '=', lineId)
    .where('item', '=', item)
    .where('period', '=', period)
    .where('status', '=', 'unpaid')
    .returning(['id', 'amount'])
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function markFeeCharged(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('fee_charges').set({ status: 'charged', updated_at: at }).where('id', '=', id).execute();
}

export async function countFeeCharges(db: Db, lineId: number, item: string, period: string): Promise<number> {
  const row = await db
    .selectFrom('fee_charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('line_id', '=', lineId)
    .where('item', '=', item)
    .where('period', '=', period)
    .where('status', '=', 'charged')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------- lines

export type BillableLine = Pick<LineRow, 'id' | 'number' | 'language' | 'tariff_id' | 'status' | 'payment_type' | 'created_at'> & {
  /** When the current tariff period began (the line's creation if it has no tariff history). */
  tariffSince: string;
};

/** Active lines after `afterId`, in id order (keyset pages for the scheduler). */
export async function listActiveLines(db: Db, afterId: number, limit: number): Promise<BillableLine[]> {
  const rows = await db
    .selectFrom('lines')
    .leftJoin('tariff_history', (join) => join.onRef('tariff_history.line_id', '=', 'lines.id').on('tariff_history.valid_to', 'is', null))
    .select([
      'lines.id',
      'lines.number',
      'lines.language',
      'lines.tariff_id',
      'lines.status',
      'lines.payment_type',
      'lines.created_at',
      'tariff_history.valid_from',
    ])
    .where('lines.status', '=', 'active')
    .where('lines.id', '>', afterId)
    .orderBy('lines.id')
    .limit(limit)
    .execute();
  return rows.map(({ valid_from, ...line }) => ({ ...line, id: Number(line.id), tariffSince: valid_from ?? line.created_at }));
}

export async function findLineById(db: Db, lineId: number): Promise<LineRow | undefined> {
  return db.selectFrom('lines').selectAll().where('id', '=', lineId).executeTakeFirst();
}

export async function listOpenServices(
  db: Db,
  lineIds: number[],
): Promise<{ line_id: number; service_id: string; activated_at: string }[]> {
  if (lineIds.length === 0) return [];
  const rows = await db
    .selectFrom('line_services')
    .select(['line_id', 'service_id', 'activated_at'])
    .where('line_id', 'in', lineIds)
    .where('deactivated_at', 'is', null)
    .orderBy('line_id')
    .orderBy('service_id')
    .execute();
  return rows.map((r) => ({ ...r, line_id: Number(r.line_id) }));
}

/** Moves a line from one status to another; false when it was not in `from` (someone else changed it). */
export async function switchLineStatus(
  db: Db,
  lineId: number,
  from: LineRow['status'],
  to: LineRow['status'],
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('lines')
    .set({ status: to, updated_at: at })
    .where('id', '=', lineId)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
