/**
 * SQL for what a charge leaves besides its transfer (`record-charge.ts`): the day's and month's
 * spend and its SMS (receipt, low balance). Inside the ledger writer's batch on PostgreSQL all of it
 * is one statement on the held client, prepared once per connection (a round trip instead of three
 * or four); elsewhere it is the spend upserts and outbox inserts every other writer uses.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { rawPgOf } from '../../db/pg-raw.ts';
import type { Notification } from '../notifications/notify-line.ts';
import { enqueueSms } from '../notifications/sms-outbox.repository.ts';
import { addSpend } from '../usage/usage.repository.ts';
import type { IdempotencyRecord } from '../ledger/idempotency.repository.ts';

export type ChargeRecords = { lineId: number; day: string; month: string; kind: string; amount: number; at: string; sms: Notification[] };

/**
 * Whether `insertChargeRecords` can pick the SMS by the line's language in the same statement
 * (PostgreSQL inside the ledger writer's batch): then a caller that does not know the language
 * passes the SMS worded in every language instead of reading the line first.
 */
export function picksLanguageInStatement(db: Kysely<Database>): boolean {
  return rawPgOf(db) !== undefined;
}

const SPEND_CTES =
  'daily as (' +
  'insert into spend_daily (line_id, day, kind, units, included_units, amount) values ($1, $2, $4, 1, 0, $5) ' +
  'on conflict (line_id, day, kind) do update set units = spend_daily.units + 1, amount = spend_daily.amount + excluded.amount' +
  '), monthly as (' +
  'insert into spend_monthly (line_id, month, kind, units, included_units, amount) values ($1, $3, $4, 1, 0, $5) ' +
  'on conflict (line_id, month, kind) do update set units = spend_monthly.units + 1, amount = spend_monthly.amount + excluded.amount' +
  ')';

const OUTBOX_INSERT =
  'insert into sms_outbox (line_id, to_number, language, template, text, created_at) ' +
  'select $1, m.to_number, m.language, m.template, m.text, $6 ' +
  'from unnest($7::text[], $8::text[], $9::text[], $10::text[]) as m(to_number, language, template, text)';

const IN_LINE_LANGUAGE =
  ' where m.language = (select case when language = any($11::text[]) then language else $12 end from lines where id = $1)';

const POSTGRES_TEXT = `with ${SPEND_CTES} ${OUTBOX_INSERT}`;

/** The same, keeping only the SMS in the line's language (`lineLanguages`: $11 the profile's languages, $12 its default). */
const POSTGRES_TEXT_IN_LINE_LANGUAGE = POSTGRES_TEXT + IN_LINE_LANGUAGE;

/**
 * The same again, also storing the request's idempotency key ($13-$17) and saying whether it went
 * in (`fresh` 0: the key was taken meanwhile, and the caller undoes the whole write).
 */
const POSTGRES_TEXT_IN_LINE_LANGUAGE_WITH_KEY =
  'with stored_key as (insert into idempotency_keys (key, request_hash, status_code, response, created_at) ' +
  'values ($13, $14, $15, $16, $17) on conflict (key) do nothing returning 1), ' +
  `${SPEND_CTES}, sms as (${OUTBOX_INSERT}${IN_LINE_LANGUAGE} returning 1) ` +
  'select count(*)::int as fresh from stored_key';

/** A request's idempotency key stored with the records (`KeyRecord` of `runIdempotent`). */
export type KeyWithRecords = { record(): IdempotencyRecord; stored(fresh: boolean): void };

/**
 * Inserts the records. With `lineLanguages` (only when `picksLanguageInStatement`), `sms` holds
 * each message in every language and only those in the line's language are kept, and `key`, when
 * given, is stored in the same statement (one round trip less for an idempotent charge); elsewhere
 * `key` is left to its owner.
 */
export async function insertChargeRecords(
  db: Kysely<Database>,
  r: ChargeRecords,
  lineLanguages?: { languages: string[]; fallback: string },
  key?: KeyWithRecords,
): Promise<void> {
  const client = rawPgOf(db);
  if (client) {
    const k = lineLanguages ? key?.record() : undefined;
    const { rows } = await client.query<{ fresh: number }>({
      name: k ? 'billing_charge_records_with_key' : lineLanguages ? 'billing_charge_records_in_line_language' : 'billing_charge_records',
      text: k ? POSTGRES_TEXT_IN_LINE_LANGUAGE_WITH_KEY : lineLanguages ? POSTGRES_TEXT_IN_LINE_LANGUAGE : POSTGRES_TEXT,
      values: [
        r.lineId,
        r.day,
        r.month,
        r.kind,
        r.amount,
        r.at,
        r.sms.map((s) => s.to),
        r.sms.map((s) => s.language),
        r.sms.map((s) => s.template),
        r.sms.map((s) => s.text),
        ...(lineLanguages ? [lineLanguages.languages, lineLanguages.fallback] : []),
        ...(k ? [k.key, k.requestHash, k.statusCode, k.response, k.createdAt] : []),
      ],
    });
    if (k) key?.stored(rows[0]?.fresh === 1);
    return;
  }
  if (lineLanguages) throw new Error('insertChargeRecords picks the language in the statement only on a held PostgreSQL client');
  await addSpend(db, [{ lineId: r.lineId, day: r.day, month: r.month, kind: r.kind, units: 1, includedUnits: 0, amount: r.amount }]);
  for (const s of r.sms)
    await enqueueSms(db, { lineId: s.lineId, to: s.to, language: s.language, template: s.template, text: s.text, at: r.at });
}
