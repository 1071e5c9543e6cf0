/** SQL for outbound SMS and their delivery status. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { channelDb, type SmsStatus } from '../channel-tables.ts';

export type NewSms = {
  to: string;
  from: string;
  text: string;
  language: string;
  coding: 'gsm7' | 'ucs2';
  parts: number;
  provider: string;
  at: string;
};

export async function insertSms(db: Kysely<Database>, sms: NewSms): Promise<number> {
  const row = await channelDb(db)
    .insertInto('sms_messages')
    .values({
      to_number: sms.to,
      from_number: sms.from,
      text: sms.text,
      language: sms.language,
      coding: sms.coding,
      parts: sms.parts,
      status: 'queued',
      attempts: 0,
      provider: sms.provider,
      provider_ref: null,
      last_error: null,
      created_at: sms.at,
      updated_at: sms.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function markSmsAttempt(
  db: Kysely<Database>,
  id: number,
  outcome: { status: SmsStatus; attempts: number; providerRef?: string | null; error?: string | null; at: string },
): Promise<void> {
  await channelDb(db)
    .updateTable('sms_messages')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      ...(outcome.providerRef !== undefined ? { provider_ref: outcome.providerRef } : {}),
      last_error: outcome.error ?? null,
      updated_at: outcome.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Applies a delivery report to a sent message; a report never moves a final status back. Returns the rows changed. */
export async function applyReceipt(
  db: Kysely<Database>,
  match: { provider: string; providerRef: string } | { id: number },
  status: 'delivered' | 'undelivered' | 'sent',
  at: string,
): Promise<number> {
  let q = channelDb(db)
    .updateTable('sms_messages')
    .set({ status, updated_at: at })
    .where('status', 'in', status === 'sent' ? ['queued'] : ['queued', 'sent']);
  q = 'id' in match ? q.where('id', '=', match.id) : q.where('provider', '=', match.provider).where('provider_ref', '=', match.providerRef);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findSms(db: Kysely<Database>, id: number) {
  return channelDb(db).selectFrom('sms_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest messages sent to a number, newest first. */
export async function listSmsTo(db: Kysely<Database>, to: string, limit = 20) {
  return channelDb(db).selectFrom('sms_messages').selectAll().where('to_number', '=', to).orderBy('id', 'desc').limit(limit).execute();
}
