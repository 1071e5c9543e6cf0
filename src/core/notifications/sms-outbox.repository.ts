/** SQL for the SMS outbox: messages waiting for a gateway. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, SmsOutboxTable } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type OutboxRow = Selectable<SmsOutboxTable>;

export async function enqueueSms(
  db: Db,
  sms: { lineId: number | null; to: string; language: string; template: string; text: string; at: string },
): Promise<void> {
  await db
    .insertInto('sms_outbox')
    .values({ line_id: sms.lineId, to_number: sms.to, language: sms.language, template: sms.template, text: sms.text, created_at: sms.at })
    .execute();
}

export async function listOutboxForLine(db: Db, lineId: number): Promise<OutboxRow[]> {
  return db.selectFrom('sms_outbox').selectAll().where('line_id', '=', lineId).orderBy('id').execute();
}
