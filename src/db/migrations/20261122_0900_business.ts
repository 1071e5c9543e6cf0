/**
 * The business cabinet (S4.8): a line's PUK (only its scrypt hash), and the applications companies
 * send to bring their lines under a corporate customer, reviewed by an operator admin.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { bigint, dialectOf, withId } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  const int = bigint(kind);

  await db.schema
    .createTable('line_puks')
    .addColumn('line_id', int, (c) => c.primaryKey().references('lines.id'))
    .addColumn('puk_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('business_applications'), kind)
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('contact_number', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    /** JSON array of the E.164 numbers of the lines (their PUKs were checked, never kept). */
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('pending', 'approved', 'rejected')`)))
    .addColumn('reason', 'text')
    .addColumn('customer_id', int, (c) => c.references('customers.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .execute();
  await db.schema.createIndex('business_applications_status_idx').on('business_applications').columns(['status', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('business_applications').execute();
  await db.schema.dropTable('line_puks').execute();
}
