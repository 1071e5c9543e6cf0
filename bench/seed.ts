/**
 * Subscribers seeded per second by `kabinet seed`, on SQLite and on PostgreSQL, each against a
 * ceiling measured in the same run: the same number of rows bulk-inserted into one bare table
 * without indexes or constraints. BENCH_SUBSCRIBERS (default 200000) sets the size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openStorage, type Storage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { seedSynthetic } from '../src/seed/synthetic.ts';

const PG_URL = process.env.KABINET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default async function seedBench(): Promise<Record<string, unknown>> {
  const subscribers = Number(process.env.BENCH_SUBSCRIBERS ?? 200_000);
  const profile = loadProfile(path.resolve(import.meta.dirname, '../profiles/mts-ru'));
  const results: Record<string, unknown> = { bench: 'seed', subscribers };

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-'));
  try {
    const sqlite = openStorage({ kind: 'sqlite', file: path.join(dir, 'seed.db') });
    results.sqlite = await measure(sqlite, profile, subscribers);
    await sqlite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const schema = `bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const postgres = openStorage({ kind: 'postgres', url: PG_URL, schema });
    results.postgres = await measure(postgres, profile, subscribers);
    await postgres.close();
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
  return results;
}

async function measure(storage: Storage, profile: ReturnType<typeof loadProfile>, subscribers: number) {
  await migrateToLatest(storage.db);
  const result = await seedSynthetic(storage, profile, { subscribers, seed: 3 });
  const rows = await totalRows(storage);
  const ceiling = await bareInsertRate(storage, rows);
  const rowsPerSecond = rows / result.seconds;
  return {
    subscribersPerSecond: Math.round(subscribers / result.seconds),
    seconds: Number(result.seconds.toFixed(2)),
    rows,
    rowsPerSecond: Math.round(rowsPerSecond),
    bareInsertRowsPerSecond: Math.round(ceiling),
    ratioToBareInsert: Number((rowsPerSecond / ceiling).toFixed(3)),
    projectedSecondsFor1M: Number(((result.seconds * 1_000_000) / subscribers).toFixed(1)),
  };
}

async function totalRows(storage: Storage): Promise<number> {
  let n = 0;
  for (const table of ['customers', 'lines', 'tariff_history', 'line_services', 'accounts', 'transfers'] as const) {
    const row = await storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}

/** Rows per second into a bare 6-column table, batched like the seeder: the ceiling. */
async function bareInsertRate(storage: Storage, rows: number): Promise<number> {
  const batch = 20_000;
  const started = performance.now();
  if (storage.sqlite) {
    const db = storage.sqlite;
    db.exec('create table bare (a integer, b text, c text, d text, e integer, f text)');
    const insert = db.prepare('insert into bare values (?, ?, ?, ?, ?, ?)');
    for (let done = 0; done < rows; done += batch) {
      db.transaction(() => {
        for (let i = done; i < Math.min(rows, done + batch); i++)
          insert.run(i, 'consumer', 'prepaid', '2026-11-21T00:00:00.000Z', i % 1000, 'text');
      })();
    }
    db.exec('drop table bare');
  } else {
    await sql`create table bare (a bigint, b text, c text, d text, e bigint, f text)`.execute(storage.db);
    for (let done = 0; done < rows; done += batch) {
      const n = Math.min(batch, rows - done);
      const ids = Array.from({ length: n }, (_, i) => done + i);
      await sql`insert into bare select * from unnest(${ids}::bigint[], ${ids.map(() => 'consumer')}::text[], ${ids.map(() => 'prepaid')}::text[], ${ids.map(() => '2026-11-21T00:00:00.000Z')}::text[], ${ids.map((i) => i % 1000)}::bigint[], ${ids.map(() => 'text')}::text[])`.execute(
        storage.db,
      );
    }
    await sql`drop table bare`.execute(storage.db);
  }
  return rows / ((performance.now() - started) / 1000);
}
