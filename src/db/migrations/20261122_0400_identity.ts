/**
 * Identity and access (issue 4): one-time codes, throttles, web credentials, staff users, gateway
 * clients, sessions, contract passwords, terminal access codes, contact-center interactions,
 * voiceprint slots. Secrets are stored only as scrypt hashes; session tokens as SHA-256.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { bigint, dialectOf, withId } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const kind = dialectOf(db);
  const int = bigint(kind);

  // One row per code sent (or pretended to be sent, for numbers that are not ours).
  await withId(db.schema.createTable('identity_codes'), kind)
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('identity_codes_number_idx').on('identity_codes').columns(['number', 'purpose', 'id']).execute();

  // Counters of failures (and of codes sent) per key such as `login:+79160000001`, with lockouts.
  await db.schema
    .createTable('identity_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await withId(db.schema.createTable('web_credentials'), kind)
    .addColumn('line_id', int, (c) => c.notNull().unique().references('lines.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('staff_users'), kind)
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull().check(sql.raw(`role in ('agent', 'supervisor', 'operator-admin', 'corporate-admin')`)))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('customer_id', int, (c) => c.references('customers.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('gateway_clients'), kind)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql.raw(`kind in ('sms', 'ussd', 'ivr', 'payment-terminal')`)))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    /** JSON array of allowed IP addresses. */
    .addColumn('allowed_ips', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('sessions'), kind)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('line_id', int, (c) => c.references('lines.id'))
    .addColumn('customer_id', int, (c) => c.references('customers.id'))
    .addColumn('staff_id', int, (c) => c.references('staff_users.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('idle_minutes', 'integer', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_principal_idx').on('sessions').columns(['role', 'principal_id']).execute();

  await db.schema
    .createTable('contract_passwords')
    .addColumn('line_id', int, (c) => c.primaryKey().references('lines.id'))
    .addColumn('pin_hash', 'text')
    .addColumn('protection', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('access_codes')
    .addColumn('line_id', int, (c) => c.primaryKey().references('lines.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('interactions'), kind)
    .addColumn('agent_id', int, (c) => c.notNull().references('staff_users.id'))
    .addColumn('line_id', int, (c) => c.notNull().references('lines.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('interactions_agent_line_idx').on('interactions').columns(['agent_id', 'line_id', 'closed_at']).execute();

  await db.schema
    .createTable('voiceprints')
    .addColumn('line_id', int, (c) => c.primaryKey().references('lines.id'))
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('enrolled_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'voiceprints',
    'interactions',
    'access_codes',
    'contract_passwords',
    'sessions',
    'gateway_clients',
    'staff_users',
    'web_credentials',
    'identity_throttles',
    'identity_codes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
