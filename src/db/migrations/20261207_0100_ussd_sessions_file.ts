/**
 * On SQLite, USSD sessions move out of the database into their own unsynced file beside it
 * (`src/channels/ussd/session-file.ts`), so their commits never checkpoint the ledger's WAL without
 * an fsync: the table here goes. PostgreSQL keeps its `ussd_sessions` table.
 */
import { type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema.dropTable('ussd_sessions').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
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
