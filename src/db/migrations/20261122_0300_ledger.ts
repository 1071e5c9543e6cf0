/**
 * The money core's ledger: reserved amounts on accounts (two-phase transfers), holds, guarded
 * counters (monthly carrier-billing caps, refunded amounts) and stored idempotency keys.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { bigint, dialectOf, withId } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  const int = bigint(kind);

  // Sum of the pending holds debiting the account; the floor guard counts it as spent.
  await db.schema
    .alterTable('accounts')
    .addColumn('reserved', int, (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db.schema.createTable('holds'), kind)
    .addColumn('debit_account_id', int, (c) => c.notNull().references('accounts.id'))
    .addColumn('credit_account_id', int, (c) => c.notNull().references('accounts.id'))
    .addColumn('amount', int, (c) => c.notNull().check(sql.raw('amount > 0')))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('external_ref', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('pending', 'posted', 'voided', 'expired')`)))
    .addColumn('line_id', int, (c) => c.references('lines.id'))
    .addColumn('source', 'text')
    .addColumn('service_id', 'text')
    .addColumn('counter_key', 'text')
    .addColumn('transfer_id', int, (c) => c.references('transfers.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('holds_pending_idx').on('holds').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('holds_line_idx').on('holds').columns(['line_id', 'id']).execute();

  await db.schema
    .createTable('ledger_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('used', int, (c) => c.notNull().check(sql.raw('used >= 0')))
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_keys', 'ledger_counters', 'holds']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('accounts').dropColumn('reserved').execute();
}
