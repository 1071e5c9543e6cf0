/**
 * Ingests a batch of usage records (voice, SMS, data): validates every record first (a batch with
 * any bad record is refused whole, naming each bad one), then in one transaction stores the rated
 * records, adds to the daily and monthly spend, debits each line's main balance once for the batch
 * (to operator revenue), and notifies low balance and blocks. A batch key makes a retry harmless.
 */
import { findTariff, type Tariff } from '../../profiles/profile.ts';
import { blockWhenUnpaid, lowBalanceThreshold } from '../billing/billing-rules.ts';
import { blockForFunds } from '../billing/line-funds.ts';
import { retryTransaction } from '../billing/retry-transaction.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { operatorAccountId, OPERATOR_ACCOUNTS, transfer } from '../ledger/account.repository.ts';
import { notifyIfLowBalance } from '../notifications/notify-line.ts';
import { localKeys } from '../billing/period.ts';
import { rawSqliteHandleOf, registerExclusiveSqlite } from '../../db/sqlite-driver.ts';
import { rateRecord } from './rate-usage.ts';
import { validateUsage, type UsageInput, type ValidUsage } from './usage-input.ts';
import {
  findLinesByNumbers,
  insertBatch,
  insertUsageRows,
  listMainAccounts,
  listMonthlyUse,
  addSpend,
  setBatchAmount,
  SpendTally,
  USAGE_ROW_WIDTH,
  type UsageRowValues,
} from './usage.repository.ts';

export type IngestUsageInput = {
  /** Names the batch: the same key twice is refused, so a retried upload is never charged twice. */
  batchKey: string;
  source: 'api' | 'csv';
  records: UsageInput[];
  /** How to name record `i` in an error (default `records[i]`). */
  rowName?: ((index: number) => string) | undefined;
};

export type IngestUsageResult = { batchKey: string; records: number; amount: number; lines: number; blocked: number };

const MAX_REPORTED = 100;

export async function ingestUsage(deps: CoreDeps, input: IngestUsageInput): Promise<IngestUsageResult> {
  const rowName = input.rowName ?? ((i: number) => `records[${i}]`);
  if (!/^[A-Za-z0-9:._-]{1,128}$/.test(input.batchKey)) {
    throw new AppError('invalid_input', 'bad batch key', {}, [{ path: 'batchKey', message: '1-128 letters, digits, : . _ -' }]);
  }
  if (input.records.length === 0)
    throw new AppError('invalid_input', 'empty usage batch', {}, [{ path: 'records', message: 'no records' }]);

  const now = deps.clock.now();
  const problems: { path: string; message: string }[] = [];
  const valid: ValidUsage[] = [];
  const indexOf: number[] = [];
  input.records.forEach((raw, i) => {
    const v = validateUsage(raw, now);
    if (typeof v === 'string') problems.push({ path: rowName(i), message: v });
    else {
      valid.push(v);
      indexOf.push(i);
    }
  });
  const lines = await findLinesByNumbers(deps.db, [...new Set(valid.map((v) => v.number))]);
  valid.forEach((v, j) => {
    if (!lines.has(v.number)) problems.push({ path: rowName(indexOf[j]!), message: `no line ${v.number}` });
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
    throw new AppError('invalid_input', `${problems.length} bad usage records`, {}, problems.slice(0, MAX_REPORTED));
  }

  const tariffs = new Map<string, Tariff>();
  for (const line of lines.values()) {
    const tariff = findTariff(deps.profile, line.tariff_id);
    if (!tariff) throw new Error(`line ${line.number} is on unknown tariff ${line.tariff_id}`);
    tariffs.set(line.tariff_id, tariff);
  }
  const keysOf = localKeys(deps.profile.timeZone);

  return retryTransaction(() =>
    deps.db.transaction().execute(async (trx) => {
      // SQLite: the transaction holds the one connection, so the ledger's hot statements (the
      // per-line debits) may run on the handle directly, prepared once, as in the ledger writer.
      const raw = rawSqliteHandleOf(deps.db);
      if (raw) registerExclusiveSqlite(trx, raw);
      const at = deps.clock.now().toISOString();
      const batchId = await insertBatch(trx, { key: input.batchKey, source: input.source, records: valid.length, amount: 0, at });
      if (batchId === undefined) throw new AppError('batch_already_imported', `usage batch ${input.batchKey} already imported`);

      const lineIds = [...new Set([...lines.values()].map((l) => l.id))];
      const periods = valid.map((v) => keysOf(v.startMs));
      const months = [...new Set(periods.map((k) => k.month))];
      const used = new Map<string, number>();
      for (const u of await listMonthlyUse(trx, lineIds, months)) used.set(`${u.lineId}|${u.month}|${u.kind}`, u.includedUnits);

      const rows: UsageRowValues = new Array<number | string | null>(valid.length * USAGE_ROW_WIDTH);
      const spend = new SpendTally();
      const owed = new Map<number, number>();
      valid.forEach((v, i) => {
        const line = lines.get(v.number)!;
        const { day, month } = periods[i]!;
        const usedKey = `${line.id}|${month}|${v.kind}`;
        const usedSoFar = used.get(usedKey) ?? 0;
        const rated = rateRecord(tariffs.get(line.tariff_id)!, v.kind, v.quantity, usedSoFar);
        used.set(usedKey, usedSoFar + rated.includedUnits);
        // In the order of the stored columns (USAGE_ROW_WIDTH values).
        const base = i * USAGE_ROW_WIDTH;
        rows[base] = batchId;
        rows[base + 1] = line.id;
        rows[base + 2] = v.kind;
        rows[base + 3] = v.counterparty;
        rows[base + 4] = v.startedAt;
        rows[base + 5] = v.quantity;
        rows[base + 6] = rated.units;
        rows[base + 7] = rated.includedUnits;
        rows[base + 8] = rated.amount;
        spend.add(line.id, day, month, v.kind, rated.units, rated.includedUnits, rated.amount);
        if (rated.amount > 0) owed.set(line.id, (owed.get(line.id) ?? 0) + rated.amount);
      });
      await insertUsageRows(trx, rows);
      await addSpend(trx, spend);

      const accounts = await listMainAccounts(trx, [...owed.keys()]);
      const revenue = await operatorAccountId(trx, OPERATOR_ACCOUNTS.revenue, deps.profile.currency.code, at);
      const threshold = lowBalanceThreshold(deps.profile);
      const byId = new Map([...lines.values()].map((l) => [l.id, l]));
      let total = 0;
      let blocked = 0;
      // Lines in id order: concurrent batches lock shared lines in the same order.
      for (const [lineId, amount] of [...owed].sort((a, b) => a[0] - b[0])) {
        const account = accounts.get(lineId);
        if (!account) throw new Error(`line ${lineId} has no main account`);
        const debit = {
          debitAccountId: account.accountId,
          creditAccountId: revenue,
          amount,
          kind: 'usage',
          externalRef: `usage-batch:${batchId}`,
          at,
        };
        const description = `usage batch ${input.batchKey}`;
        // Usage already happened: when the balance cannot cover it, it becomes debt and the line is blocked.
        const covered = await transfer(trx, { ...debit, description });
        if (!covered) await transfer(trx, { ...debit, description, ignoreFloor: true });
        total += amount;
        const line = byId.get(lineId)!;
        const after = account.balance - amount;
        await notifyIfLowBalance(trx, deps.profile, line, threshold, account.balance, after, at);
        if (!covered && line.status === 'active' && blockWhenUnpaid(deps.profile)) {
          if (await blockForFunds(trx, deps, line, 'usage', deps.clock.now())) blocked++;
        }
      }
      await setBatchAmount(trx, batchId, total);
      return { batchKey: input.batchKey, records: valid.length, amount: total, lines: lineIds.length, blocked };
    }),
  );
}
