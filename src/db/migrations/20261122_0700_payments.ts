/** Card payments through a payment provider (`payments`): one row per attempt, settled exactly once from the provider's webhook. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { bigint, dialectOf } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('line_id', bigint(kind), (c) => c.notNull().references('lines.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('redirect_url', 'text')
    .addColumn('amount', bigint(kind), (c) => c.notNull().check(sql.raw('amount > 0')))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('pending', 'succeeded', 'failed', 'canceled')`)))
    .addColumn('request_key', 'text', (c) => c.notNull().unique())
    .addColumn('card_brand', 'text')
    .addColumn('card_last4', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('transfer_id', bigint(kind))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('settled_at', 'text')
    .execute();
  await db.schema.createIndex('payments_line_idx').on('payments').columns(['line_id', 'created_at']).execute();
  await db.schema.createIndex('payments_provider_ref_idx').on('payments').columns(['provider', 'provider_ref']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('payments').execute();
}
