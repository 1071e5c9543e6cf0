/**
 * SQL for what a charge leaves besides its transfer (`record-charge.ts`): the day's and month's
 * spend and its SMS (receipt, low balance). Inside the ledger writer's batch on PostgreSQL the
 * records of every charge of the batch wait for its end and go in one statement (`ChargeRecordsTail`);
 * in a batch run with savepoints each charge's records are one statement on the held client,
 * prepared once per connection; elsewhere it is the spend upserts and outbox inserts every other
 * writer uses.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type pg from 'pg';
import { batchTailOf, queryOn, rawPgOf, type BatchTail } from '../../db/pg-raw.ts';
import type { Notification } from '../notifications/notify-line.ts';
import { enqueueSms } from '../notifications/sms-outbox.repository.ts';
import { addSpend, SpendTally, type SpendSum } from '../usage/usage.repository.ts';
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
    const tail = batchTailOf(db, 'charge-records', () => new ChargeRecordsTail());
    if (tail) {
      tail.add(r, lineLanguages, key?.record());
      // Stored for now: a key found taken at the batch's end undoes the whole batch.
      key?.stored(true);
      return;
    }
    const k = lineLanguages ? key?.record() : undefined;
    const { rows } = await queryOn<{ fresh: number }>(client, {
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

/**
 * The charge records of a whole batch in one statement before its COMMIT (`BatchTail`): the spend
 * summed per line, period and kind (one statement may not update a row twice), the SMS (each
 * message of a `pick` row kept only in the line's language) and the idempotency keys, which must
 * all go in: a key taken meanwhile by another process fails the flush, and the batch runs again
 * with a savepoint per write.
 */
class ChargeRecordsTail implements BatchTail {
  private readonly spend = new SpendTally();
  private readonly sms: { lineId: number; to: string; language: string; template: string; text: string; at: string; pick: boolean }[] = [];
  private readonly keys: IdempotencyRecord[] = [];
  private languages: { languages: string[]; fallback: string } | undefined;

  add(r: ChargeRecords, lineLanguages: { languages: string[]; fallback: string } | undefined, key: IdempotencyRecord | undefined): void {
    this.spend.add(r.lineId, r.day, r.month, r.kind, 1, 0, r.amount);
    for (const s of r.sms) this.sms.push({ ...s, at: r.at, pick: lineLanguages !== undefined });
    if (lineLanguages) this.languages = lineLanguages;
    if (key) this.keys.push(key);
  }

  async flush(client: pg.PoolClient): Promise<void> {
    const { rows } = await queryOn<{ fresh: number }>(client, {
      name: 'billing_charge_records_batch',
      text: BATCH_TEXT,
      values: [
        ...spendColumns(this.spend.daily),
        ...spendColumns(this.spend.monthly),
        this.sms.map((s) => s.lineId),
        this.sms.map((s) => s.to),
        this.sms.map((s) => s.language),
        this.sms.map((s) => s.template),
        this.sms.map((s) => s.text),
        this.sms.map((s) => s.at),
        this.sms.map((s) => s.pick),
        this.languages?.languages ?? [],
        this.languages?.fallback ?? '',
        this.keys.map((k) => k.key),
        this.keys.map((k) => k.requestHash),
        this.keys.map((k) => k.statusCode),
        this.keys.map((k) => k.response),
        this.keys.map((k) => k.createdAt),
      ],
    });
    if ((rows[0]?.fresh ?? 0) !== this.keys.length) throw new Error('an idempotency key of the batch was taken meanwhile');
  }
}

/** The statement's spend parameters, rows in line order (two batches updating the same lines take their locks in one order). */
function spendColumns(sums: Map<string, SpendSum>): unknown[] {
  const rows = [...sums.values()].sort((a, b) => a.lineId - b.lineId);
  return [
    rows.map((r) => r.lineId),
    rows.map((r) => r.period),
    rows.map((r) => r.kind),
    rows.map((r) => r.units),
    rows.map((r) => r.amount),
  ];
}

const spendBatch = (table: 'spend_daily' | 'spend_monthly', period: 'day' | 'month', from: number) =>
  `insert into ${table} (line_id, ${period}, kind, units, included_units, amount) ` +
  `select s.line_id, s.period, s.kind, s.units, 0, s.amount ` +
  `from unnest($${from}::bigint[], $${from + 1}::text[], $${from + 2}::text[], $${from + 3}::bigint[], $${from + 4}::bigint[]) ` +
  `with ordinality as s(line_id, period, kind, units, amount, n) order by s.n ` +
  `on conflict (line_id, ${period}, kind) do update set units = ${table}.units + excluded.units, amount = ${table}.amount + excluded.amount`;

/** The batch's records: spend $1-$10, SMS $11-$17 (with the profile's languages $18 and default $19), keys $20-$24. */
const BATCH_TEXT =
  `with daily as (${spendBatch('spend_daily', 'day', 1)}), monthly as (${spendBatch('spend_monthly', 'month', 6)}), ` +
  'sms as (insert into sms_outbox (line_id, to_number, language, template, text, created_at) ' +
  'select m.line_id, m.to_number, m.language, m.template, m.text, m.created_at ' +
  'from unnest($11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::boolean[]) ' +
  'with ordinality as m(line_id, to_number, language, template, text, created_at, pick, n) ' +
  'where not m.pick or m.language = (select case when language = any($18::text[]) then language else $19 end from lines where id = m.line_id) ' +
  'order by m.n returning 1), ' +
  'stored_key as (insert into idempotency_keys (key, request_hash, status_code, response, created_at) ' +
  'select * from unnest($20::text[], $21::text[], $22::int[], $23::text[], $24::text[]) on conflict (key) do nothing returning 1) ' +
  'select count(*)::int as fresh from stored_key';
