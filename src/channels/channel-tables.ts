/**
 * Kysely types of the channel tables (migration `20261122_0501_sms_ussd`). They are added to the
 * shared `Database` with `db.withTables<ChannelTables>()` inside the channel repositories.
 */
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface SmsMessagesTable {
  id: Generated<number>;
  /** E.164. */
  to_number: string;
  /** The sender shown to the subscriber: a short number or the operator's name. */
  from_number: string;
  text: string;
  language: string;
  coding: 'gsm7' | 'ucs2';
  parts: number;
  status: SmsStatus;
  attempts: number;
  provider: string;
  /** The gateway's id of the message (SMSC message id of the first part, or our id for Kannel). */
  provider_ref: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface UssdSessionsTable {
  /** `<adapter>:<gateway session id>`. */
  session_key: string;
  number: string;
  /** JSON of the menu position. */
  state: string;
  steps: number;
  started_at: string;
  updated_at: string;
  expires_at: string;
}

export type ChannelTables = { sms_messages: SmsMessagesTable; ussd_sessions: UssdSessionsTable };

export type ChannelDb = Kysely<Database & ChannelTables>;

export function channelDb(db: Kysely<Database>): ChannelDb {
  return db.withTables<ChannelTables>();
}
