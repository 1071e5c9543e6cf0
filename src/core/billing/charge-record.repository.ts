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

export type ChargeRecords = { lineId: number; day: string; month: string; kind: string; amount: number; at: string; sms: Notification[] };

/**
 * Whether `insertChargeRecords` can pick the SMS by the line's language in the same statement
 * (PostgreSQL inside the ledger writer's batch): then a caller that does not know the language
 * passes the SMS worded in every language instead of reading the line first.
 */
export function picksLanguageInStatement(db: Kysely<Database>): boolean {
  return rawPgOf(db) !== undefined;
}

const POSTGRES_TEXT =
  'with daily as (' +
  'insert into spend_daily (line_id, day, kind, units, included_units, amount) values ($1, $2, $4, 1, 0, $5) ' +
  'on conflict (line_id, day, kind) do update set units = spend_daily.units + 1, amount = spend_daily.amount + excluded.amount' +
  '), monthly as (' +
  'insert into spend_monthly (line_id, month, kind, units, included_units, amount) values ($1, $3, $4, 1, 0, $5) ' +
  'on conflict (line_id, month, kind) do update set units = spend_monthly.units + 1, amount = spend_monthly.amount + excluded.amount' +
  ') insert into sms_outbox (line_id, to_number, language, template, text, created_at) ' +
  'select $1, m.to_number, m.language, m.template, m.text, $6 ' +
  'from unnest($7::text[], $8::text[], $9::text[], $10::text[]) as m(to_number, language, template, text)';

/** The same, keeping only the SMS in the line's language (`lineLanguages`: $11 the profile's languages, $12 its default). */
const POSTGRES_TEXT_IN_LINE_LANGUAGE =
  POSTGRES_TEXT + ' where m.language = (select case when language = any($11::text[]) then language else $12 end from lines where id = $1)';

/**
 * Inserts the records. With `lineLanguages` (only when `picksLanguageInStatement`), `sms` holds
 * each message in every language and only those in the line's language are kept.
 */
export async function insertChargeRecords(
  db: Kysely<Database>,
  r: ChargeRecords,
  lineLanguages?: { languages: string[]; fallback: string },
): Promise<void> {
  const client = rawPgOf(db);
  if (client) {
    await client.query({
      name: lineLanguages ? 'billing_charge_records_in_line_language' : 'billing_charge_records',
      text: lineLanguages ? POSTGRES_TEXT_IN_LINE_LANGUAGE : POSTGRES_TEXT,
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
      ],
    });
    return;
  }
  if (lineLanguages) throw new Error('insertChargeRecords picks the language in the statement only on a held PostgreSQL client');
  await addSpend(db, [{ lineId: r.lineId, day: r.day, month: r.month, kind: r.kind, units: 1, includedUnits: 0, amount: r.amount }]);
  for (const s of r.sms)
    await enqueueSms(db, { lineId: s.lineId, to: s.to, language: s.language, template: s.template, text: s.text, at: r.at });
}
