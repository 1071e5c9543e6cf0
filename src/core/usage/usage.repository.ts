/**
 * SQL for usage: batches, rated records (bulk multi-row inserts with precompiled SQL, the fast path
 * of ingestion), and the daily and monthly spend counters.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database, LineRow } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import { preparedOn, rawSqliteOf } from '../../db/sqlite-driver.ts';

type Db = Kysely<Database>;

export type UsageLine = Pick<LineRow, 'id' | 'number' | 'language' | 'tariff_id' | 'status'>;

export async function findLinesByNumbers(db: Db, numbers: string[]): Promise<Map<string, UsageLine>> {
  const found = new Map<string, UsageLine>();
  for (let i = 0; i < numbers.length; i += 500) {
    const rows = await db
      .selectFrom('lines')
      .select(['id', 'number', 'language', 'tariff_id', 'status'])
      .where('number', 'in', numbers.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.number, { ...r, id: Number(r.id) });
  }
  return found;
}

export async function findBatchByKey(db: Db, key: string): Promise<{ id: number; records: number; amount: number } | undefined> {
  const row = await db.selectFrom('usage_batches').select(['id', 'records', 'amount']).where('batch_key', '=', key).executeTakeFirst();
  return row ? { id: Number(row.id), records: Number(row.records), amount: Number(row.amount) } : undefined;
}

/** Records a batch; undefined when its key was already used (the unique index decides). */
export async function insertBatch(
  db: Db,
  b: { key: string; source: string; records: number; amount: number; at: string },
): Promise<number | undefined> {
  const row = await db
    .insertInto('usage_batches')
    .values({ batch_key: b.key, source: b.source, records: b.records, amount: b.amount, created_at: b.at })
    .onConflict((oc) => oc.column('batch_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function setBatchAmount(db: Db, id: number, amount: number): Promise<void> {
  await db.updateTable('usage_batches').set({ amount }).where('id', '=', id).execute();
}

/** Values of stored usage records one after another, USAGE_ROW_WIDTH per record, in the order of USAGE_COLUMNS. */
export type UsageRowValues = (number | string | null)[];

const USAGE_COLUMNS = 'batch_id, line_id, kind, counterparty, started_at, quantity, units, included_units, amount';
export const USAGE_ROW_WIDTH = 9;
const CHUNK = 1000;
const statements = new Map<string, string>();

function insertSql(kind: 'sqlite' | 'postgres', rows: number): string {
  const key = `${kind}|${rows}`;
  let text = statements.get(key);
  if (!text) {
    const values: string[] = [];
    for (let r = 0; r < rows; r++) {
      if (kind === 'sqlite') values.push('(?, ?, ?, ?, ?, ?, ?, ?, ?)');
      else {
        const b = r * 9;
        values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9})`);
      }
    }
    text = `insert into usage_records (${USAGE_COLUMNS}) values ${values.join(', ')}`;
    statements.set(key, text);
  }
  return text;
}

/** Appends rated records: multi-row inserts of up to 1,000 rows with SQL text built once per size. */
export async function insertUsageRows(db: Db, values: UsageRowValues): Promise<void> {
  const kind = dialectOf(db as unknown as Kysely<unknown>);
  const step = CHUNK * USAGE_ROW_WIDTH;
  for (let i = 0; i < values.length; i += step) {
    const chunk = values.slice(i, i + step);
    await db.executeQuery(CompiledQuery.raw(insertSql(kind, chunk.length / USAGE_ROW_WIDTH), chunk));
  }
}

export type MonthlyUse = { lineId: number; month: string; kind: string; includedUnits: number };

/** Allowance units already used per line, month and kind. */
export async function listMonthlyUse(db: Db, lineIds: number[], months: string[]): Promise<MonthlyUse[]> {
  const out: MonthlyUse[] = [];
  for (let i = 0; i < lineIds.length; i += 500) {
    const rows = await db
      .selectFrom('spend_monthly')
      .select(['line_id', 'month', 'kind', 'included_units'])
      .where('line_id', 'in', lineIds.slice(i, i + 500))
      .where('month', 'in', months)
      .execute();
    for (const r of rows) out.push({ lineId: Number(r.line_id), month: r.month, kind: r.kind, includedUnits: Number(r.included_units) });
  }
  return out;
}

export type SpendDelta = { lineId: number; day: string; month: string; kind: string; units: number; includedUnits: number; amount: number };

export type SpendSum = { lineId: number; period: string; kind: string; units: number; includedUnits: number; amount: number };

/** Spend summed per line, period and kind before it is written: one upsert row per key, however many records share it. */
export class SpendTally {
  readonly daily = new Map<string, SpendSum>();
  readonly monthly = new Map<string, SpendSum>();

  add(lineId: number, day: string, month: string, kind: string, units: number, includedUnits: number, amount: number): void {
    sumInto(this.daily, lineId, day, kind, units, includedUnits, amount);
    sumInto(this.monthly, lineId, month, kind, units, includedUnits, amount);
  }
}

function sumInto(
  sums: Map<string, SpendSum>,
  lineId: number,
  period: string,
  kind: string,
  units: number,
  included: number,
  amount: number,
) {
  const key = `${lineId}|${period}|${kind}`;
  const sum = sums.get(key);
  if (sum) {
    sum.units += units;
    sum.includedUnits += included;
    sum.amount += amount;
  } else sums.set(key, { lineId, period, kind, units, includedUnits: included, amount });
}

function tallyOf(deltas: SpendDelta[]): SpendTally {
  const tally = new SpendTally();
  for (const d of deltas) tally.add(d.lineId, d.day, d.month, d.kind, d.units, d.includedUnits, d.amount);
  return tally;
}

/** Adds to the daily and monthly spend counters (upserts that add, safe under concurrency). */
export async function addSpend(db: Db, spend: SpendDelta[] | SpendTally): Promise<void> {
  const tally = spend instanceof SpendTally ? spend : tallyOf(spend);
  const rowsOf = (sums: Map<string, SpendSum>) =>
    [...sums.values()].map((d) => [d.lineId, d.period, d.kind, d.units, d.includedUnits, d.amount]);
  await upsertSpend(db, 'spend_daily', 'day', rowsOf(tally.daily));
  await upsertSpend(db, 'spend_monthly', 'month', rowsOf(tally.monthly));
}

/** Multi-row upserts that add to the counters; SQL text built once per table and size (same SQL on both engines). */
async function upsertSpend(
  db: Db,
  table: 'spend_daily' | 'spend_monthly',
  period: 'day' | 'month',
  rows: (string | number)[][],
): Promise<void> {
  const kind = dialectOf(db as unknown as Kysely<unknown>);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const key = `${kind}|${table}|${chunk.length}`;
    let text = statements.get(key);
    if (!text) {
      const values = chunk.map((_, r) =>
        kind === 'sqlite' ? '(?, ?, ?, ?, ?, ?)' : `(${Array.from({ length: 6 }, (_, c) => `$${r * 6 + c + 1}`).join(', ')})`,
      );
      text =
        `insert into ${table} (line_id, ${period}, kind, units, included_units, amount) values ${values.join(', ')} ` +
        `on conflict (line_id, ${period}, kind) do update set units = excluded.units + ${table}.units, ` +
        `included_units = excluded.included_units + ${table}.included_units, amount = excluded.amount + ${table}.amount`;
      statements.set(key, text);
    }
    // Inside a batch that holds the SQLite connection (a charge, a usage batch): straight on the handle.
    const raw = rawSqliteOf(db);
    if (raw) preparedOn(raw, text).run(chunk.flat());
    else await db.executeQuery(CompiledQuery.raw(text, chunk.flat()));
  }
}

export type SpendRow = { period: string; kind: string; units: number; includedUnits: number; amount: number };

export async function listDailySpend(db: Db, lineId: number, fromDay: string, toDay: string): Promise<SpendRow[]> {
  const rows = await db
    .selectFrom('spend_daily')
    .select(['day', 'kind', 'units', 'included_units', 'amount'])
    .where('line_id', '=', lineId)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .orderBy('day')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({
    period: r.day,
    kind: r.kind,
    units: Number(r.units),
    includedUnits: Number(r.included_units),
    amount: Number(r.amount),
  }));
}

export async function listMonthlySpend(db: Db, lineId: number, month: string): Promise<SpendRow[]> {
  const rows = await db
    .selectFrom('spend_monthly')
    .select(['month', 'kind', 'units', 'included_units', 'amount'])
    .where('line_id', '=', lineId)
    .where('month', '=', month)
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({
    period: r.month,
    kind: r.kind,
    units: Number(r.units),
    includedUnits: Number(r.included_units),
    amount: Number(r.amount),
  }));
}

/** Total spend per month from `fromMonth` to `toMonth` (both included): one range read of the monthly counters' primary key. */
export async function listMonthlyTotals(db: Db, lineId: number, fromMonth: string, toMonth: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('spend_monthly')
    .select(['month', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('line_id', '=', lineId)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .groupBy('month')
    .execute();
  return new Map(rows.map((r) => [r.month, Number(r.total)]));
}

export type UsageRecordRow = {
  kind: 'voice' | 'sms' | 'data';
  counterparty: string | null;
  startedAt: string;
  quantity: number;
  units: number;
  includedUnits: number;
  amount: number;
};

export async function listUsageRecords(db: Db, lineId: number, from: string, to: string): Promise<UsageRecordRow[]> {
  const rows = await db
    .selectFrom('usage_records')
    .select(['kind', 'counterparty', 'started_at', 'quantity', 'units', 'included_units', 'amount'])
    .where('line_id', '=', lineId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    counterparty: r.counterparty,
    startedAt: r.started_at,
    quantity: Number(r.quantity),
    units: Number(r.units),
    includedUnits: Number(r.included_units),
    amount: Number(r.amount),
  }));
}

export type MainAccount = { accountId: number; lineId: number; balance: number; floor: number | null };

/** The main ledger accounts of many lines in one read. */
export async function listMainAccounts(db: Db, lineIds: number[]): Promise<Map<number, MainAccount>> {
  const out = new Map<number, MainAccount>();
  for (let i = 0; i < lineIds.length; i += 500) {
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'line_id', 'balance', 'floor'])
      .where('kind', '=', 'main')
      .where('line_id', 'in', lineIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const lineId = Number(r.line_id);
      out.set(lineId, { accountId: Number(r.id), lineId, balance: Number(r.balance), floor: r.floor === null ? null : Number(r.floor) });
    }
  }
  return out;
}
