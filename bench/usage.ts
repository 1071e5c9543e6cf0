/**
 * Usage ingestion on SQLite (synchronous=FULL): records per second through `ingestUsage` (validate,
 * look up lines, rate in memory, insert, spend counters, one debit per line, one transaction per
 * batch), against a bare batched INSERT loop of the same rows into a copy of the table, measured in
 * the same run. Last line: JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestUsage } from '../src/core/usage/ingest-usage.ts';
import type { UsageInput } from '../src/core/usage/usage-input.ts';
import { openStorage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { seedSynthetic } from '../src/seed/synthetic.ts';

export default async function usageBench(args: string[]): Promise<void> {
  const records = Number(args[0] ?? 200_000);
  const batch = Number(args[1] ?? 10_000);
  const lineCount = Number(args[2] ?? 5_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-usage-'));
  const storage = openStorage({ kind: 'sqlite', file: path.join(dir, 'bench.db') });
  try {
    await migrateToLatest(storage.db);
    const profile = loadProfile(path.resolve(import.meta.dirname, '../profiles/tele2-ru'));
    await seedSynthetic(storage, profile, { subscribers: lineCount, seed: 7, now: new Date('2026-11-01T00:00:00Z') });
    const numbers = (await storage.db.selectFrom('lines').select('number').execute()).map((r) => r.number);
    const clock = { now: () => new Date('2026-11-30T12:00:00.000Z') };
    const deps = { db: storage.db, profile, clock };

    // Deterministic records spread over the lines and the month.
    let state = 12345;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const input: UsageInput[] = [];
    for (let i = 0; i < records; i++) {
      const number = numbers[rand(numbers.length)]!;
      const start = new Date(Date.parse('2026-11-01T00:00:00Z') + rand(29 * 86_400) * 1000).toISOString();
      const kind = rand(10);
      if (kind < 5)
        input.push({ number, type: 'voice', counterparty: `+7916${String(rand(10_000_000)).padStart(7, '0')}`, start, seconds: rand(900) });
      else if (kind < 7) input.push({ number, type: 'sms', counterparty: `+7916${String(rand(10_000_000)).padStart(7, '0')}`, start });
      else input.push({ number, type: 'data', start, kilobytes: rand(20_000) });
    }

    const started = performance.now();
    for (let i = 0; i < input.length; i += batch) {
      await ingestUsage(deps, { batchKey: `bench-${i}`, source: 'api', records: input.slice(i, i + batch) });
    }
    const ingestSeconds = (performance.now() - started) / 1000;

    // The ceiling: the stored rows, inserted again by a bare loop (prepared multi-row INSERT, 1,000
    // rows per statement, one transaction per batch) into a copy of the table with the same indexes.
    const sqlite = storage.sqlite!;
    const rows = sqlite
      .prepare(
        'select batch_id, line_id, kind, counterparty, started_at, quantity, units, included_units, amount from usage_records order by id',
      )
      .raw()
      .all() as unknown[][];
    sqlite.exec('create table usage_records_bare as select * from usage_records where 0');
    sqlite.exec('create index usage_records_bare_line_idx on usage_records_bare (line_id, started_at)');
    const columns = 'batch_id, line_id, kind, counterparty, started_at, quantity, units, included_units, amount';
    const statement = (n: number) =>
      sqlite.prepare(
        `insert into usage_records_bare (${columns}) values ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      );
    const full = statement(1000);
    const bareStarted = performance.now();
    for (let i = 0; i < rows.length; i += batch) {
      const chunkRows = rows.slice(i, i + batch);
      sqlite.transaction(() => {
        for (let j = 0; j < chunkRows.length; j += 1000) {
          const part = chunkRows.slice(j, j + 1000);
          (part.length === 1000 ? full : statement(part.length)).run(part.flat());
        }
      })();
    }
    const bareSeconds = (performance.now() - bareStarted) / 1000;

    const ingestPerSecond = Math.round(records / ingestSeconds);
    const barePerSecond = Math.round(rows.length / bareSeconds);
    console.log(`usage ingestion: ${records} records in batches of ${batch} over ${numbers.length} lines on SQLite (synchronous=FULL)`);
    console.log(`  ingestUsage (validate, rate, insert, spend, debit): ${ingestPerSecond.toLocaleString('en')} records/s`);
    console.log(`  bare batched INSERT of the same rows:              ${barePerSecond.toLocaleString('en')} rows/s`);
    console.log(
      JSON.stringify({
        bench: 'usage',
        database: 'sqlite',
        records,
        batch,
        lines: numbers.length,
        ingestRecordsPerSecond: ingestPerSecond,
        bareInsertRowsPerSecond: barePerSecond,
        ratioToBareInsert: Number((ingestPerSecond / barePerSecond).toFixed(3)),
        goalRecordsPerSecond: 50_000,
        meetsGoal: ingestPerSecond >= 50_000,
      }),
    );
  } finally {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
