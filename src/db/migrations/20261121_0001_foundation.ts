/** Customers, lines, tariff and service history, black lists, ledger accounts and transfers, audit. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { bigint, dialectOf, withId } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  const int = bigint(kind);

  await withId(db.schema.createTable('customers'), kind)
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['individual', 'corporate'])))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('lines'), kind)
    .addColumn('customer_id', int, (c) => c.notNull().references('customers.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('segment', 'text', (c) => c.notNull().check(sqlIn('segment', ['consumer', 'corporate', 'vip'])))
    .addColumn('payment_type', 'text', (c) => c.notNull().check(sqlIn('payment_type', ['prepaid', 'postpaid'])))
    .addColumn('line_type', 'text', (c) => c.notNull().check(sqlIn('line_type', ['mobile', 'pstn', 'voip'])))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['active', 'blocked', 'suspended'])))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('tariff_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lines_customer_idx').on('lines').column('customer_id').execute();

  await withId(db.schema.createTable('tariff_history'), kind)
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('tariff_id', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .execute();
  await db.schema.createIndex('tariff_history_line_idx').on('tariff_history').columns(['line_id', 'valid_from']).execute();

  await withId(db.schema.createTable('line_services'), kind)
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text', (c) => c.notNull())
    .addColumn('deactivated_at', 'text')
    .execute();
  // At most one open activation per line and service, whatever the concurrency.
  await db.schema
    .createIndex('line_services_active_uq')
    .on('line_services')
    .columns(['line_id', 'service_id'])
    .unique()
    .where(sql.ref('deactivated_at'), 'is', null)
    .execute();
  await db.schema.createIndex('line_services_line_idx').on('line_services').column('line_id').execute();

  await db.schema
    .createTable('blocked_numbers')
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocked_numbers_pk', ['line_id', 'number'])
    .execute();

  await withId(db.schema.createTable('accounts'), kind)
    .addColumn('line_id', int, (c) => c.references('lines.id'))
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('balance', int, (c) => c.notNull().defaultTo(0))
    .addColumn('floor', int)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_line_kind_uq').on('accounts').columns(['line_id', 'kind']).unique().execute();

  await withId(db.schema.createTable('transfers'), kind)
    .addColumn('debit_account_id', int, (c) => c.notNull().references('accounts.id'))
    .addColumn('credit_account_id', int, (c) => c.notNull().references('accounts.id'))
    .addColumn('amount', int, (c) => c.notNull().check(sqlPositive('amount')))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('external_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transfers_debit_idx').on('transfers').columns(['debit_account_id', 'id']).execute();
  await db.schema.createIndex('transfers_credit_idx').on('transfers').columns(['credit_account_id', 'id']).execute();

  await withId(db.schema.createTable('audit_log'), kind)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('line_id', int, (c) => c.references('lines.id'))
    .addColumn('interaction_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_log_line_idx').on('audit_log').columns(['line_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'transfers', 'accounts', 'blocked_numbers', 'line_services', 'tariff_history', 'lines', 'customers']) {
    await db.schema.dropTable(table).execute();
  }
}

function sqlIn(column: string, values: readonly string[]) {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

function sqlPositive(column: string) {
  return sql.raw(`${column} > 0`);
}
