/** Outbound SMS with their delivery status (`sms_messages`) and USSD sessions shared by every app process (`ussd_sessions`). */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf, withId } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  await withId(db.schema.createTable('sms_messages'), kind)
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('from_number', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('coding', 'text', (c) => c.notNull().check(sql.raw(`coding in ('gsm7', 'ucs2')`)))
    .addColumn('parts', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql.raw(`status in ('queued', 'sent', 'delivered', 'undelivered', 'failed')`)))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_ref', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_messages_ref_idx').on('sms_messages').columns(['provider', 'provider_ref']).execute();
  await db.schema.createIndex('sms_messages_to_idx').on('sms_messages').columns(['to_number', 'created_at']).execute();

  await db.schema
    .createTable('ussd_sessions')
    .addColumn('session_key', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('steps', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ussd_sessions_expiry_idx').on('ussd_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ussd_sessions').execute();
  await db.schema.dropTable('sms_messages').execute();
}
