/** Billing: promised payments, recurring fee charges, usage batches and records, spend counters, SMS outbox. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { bigint, dialectOf, withId } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  const int = bigint(kind);

  await withId(db.schema.createTable('promised_payments'), kind)
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('amount', int, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('fee', int, (c) => c.notNull())
    .addColumn('outstanding', int, (c) => c.notNull().check(sql`outstanding >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'repaid', 'debt')`))
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  // One open promised payment per line, whatever the concurrency.
  await db.schema
    .createIndex('promised_payments_open_uq')
    .on('promised_payments')
    .column('line_id')
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema.createIndex('promised_payments_due_idx').on('promised_payments').columns(['status', 'due_at']).execute();

  // The exactly-once guard of recurring fees: one row per line, subscription item and period.
  await withId(db.schema.createTable('fee_charges'), kind)
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount', int, (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('charged', 'unpaid')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fee_charges_uq').on('fee_charges').columns(['line_id', 'item', 'period']).unique().execute();

  await withId(db.schema.createTable('usage_batches'), kind)
    .addColumn('batch_key', 'text', (c) => c.notNull().unique())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('amount', int, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Append-only and the hottest insert: on SQLite a plain rowid key (no AUTOINCREMENT bookkeeping per row).
  const usageRecords = db.schema.createTable('usage_records');
  await (
    kind === 'postgres'
      ? usageRecords.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : usageRecords.addColumn('id', 'integer', (c) => c.primaryKey())
  )
    .addColumn('batch_id', int, (c) => c.notNull().references('usage_batches.id'))
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('voice', 'sms', 'data')`))
    .addColumn('counterparty', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('quantity', int, (c) => c.notNull())
    .addColumn('units', int, (c) => c.notNull())
    .addColumn('included_units', int, (c) => c.notNull())
    .addColumn('amount', int, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_records_line_idx').on('usage_records').columns(['line_id', 'started_at']).execute();

  for (const [table, column] of [
    ['spend_daily', 'day'],
    ['spend_monthly', 'month'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
      .addColumn(column, 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('units', int, (c) => c.notNull())
      .addColumn('included_units', int, (c) => c.notNull())
      .addColumn('amount', int, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['line_id', column, 'kind'])
      .execute();
  }

  await withId(db.schema.createTable('sms_outbox'), kind)
    .addColumn('line_id', int, (c) => c.references('lines.id'))
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .execute();
  await db.schema.createIndex('sms_outbox_status_idx').on('sms_outbox').columns(['status', 'id']).execute();
  await db.schema.createIndex('sms_outbox_line_idx').on('sms_outbox').columns(['line_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sms_outbox',
    'spend_monthly',
    'spend_daily',
    'usage_records',
    'usage_batches',
    'fee_charges',
    'promised_payments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
