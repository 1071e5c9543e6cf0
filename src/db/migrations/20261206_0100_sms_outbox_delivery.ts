/** SMS outbox delivery: when a dispatcher claimed a row, and the outbound SMS it became. */
import type { Kysely } from 'kysely';
import { bigint, dialectOf } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms_outbox').addColumn('claimed_at', 'text').execute();
  await db.schema
    .alterTable('sms_outbox')
    .addColumn('sms_id', bigint(dialectOf(db)))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sms_outbox').dropColumn('sms_id').execute();
  await db.schema.alterTable('sms_outbox').dropColumn('claimed_at').execute();
}
