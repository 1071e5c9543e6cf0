/**
 * `npm run bench -- ledger`: durable debits through the HTTP API.
 *
 * 1. Raw ceiling: the same debit (guarded UPDATE of the line account, UPDATE of revenue, INSERT of
 *    the transfer) as a bare loop of prepared statements, 100 per transaction, WAL + synchronous=FULL.
 * 2. SQLite through HTTP: POST /charges with a fresh Idempotency-Key each, closed loop, the app in
 *    a child process, synchronous=FULL; afterwards the bench checks every 201 is one transfer.
 * 3. p99 latency at an open-loop 2,000 requests/s on SQLite, and the same load's p99 on a route of the
 *    same app that does nothing (what the machine and the HTTP stack add by themselves).
 * 4. SQLite through POST /charges/batch (100 charges per request, each its own idempotency key):
 *    what a billing or mediation system sending charges in bulk gets.
 * 5. PostgreSQL through HTTP, debits spread over many line accounts, against the peer of one commit
 *    per debit: the same debit (guarded UPDATE, revenue shard UPDATE, transfer INSERT) as a bare
 *    transaction from 16 clients, pgbench-style, on the same database in the same run.
 * Last line: JSON with the figures and their ratios to the goals and the ceiling.
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStorage, type DatabaseTarget, type Storage } from '../src/db/connect.ts';
import { runLoad, type LoadResult } from './http-load.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { loadDemoData } from '../src/seed/demo.ts';
import { insertCustomer, insertLine } from '../src/core/subscribers/line.repository.ts';
import { openLineAccount, operatorAccountId, OPERATOR_ACCOUNTS, transfer } from '../src/core/ledger/account.repository.ts';
import { shardCode } from '../src/core/ledger/operator-accounts.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PG_URL = process.env.KABINET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LINES = 2_000;
/** Items per request in the batch endpoint's run. */
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** `sqlite` or `postgres` to run only that part (for profiling); both by default. */
const ONLY = process.env.BENCH_ONLY ?? '';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Demo data plus LINES prepaid lines with a large opening balance; returns their numbers and main account ids. */
async function seed(storage: Storage): Promise<{ numbers: string[]; accounts: number[]; lineIds: number[]; revenue: number }> {
  await migrateToLatest(storage.db);
  const profile = loadProfile(path.join(ROOT, 'profiles', 'mts-ru'));
  const at = new Date().toISOString();
  await loadDemoData(storage.db, profile, new Date());
  return storage.db.transaction().execute(async (trx) => {
    const opening = await operatorAccountId(trx, OPERATOR_ACCOUNTS.openingBalances, 'RUB', at);
    const revenue = await operatorAccountId(trx, OPERATOR_ACCOUNTS.revenue, 'RUB', at);
    const customer = await insertCustomer(trx, { kind: 'individual', name: 'Bench', region: null, createdAt: at });
    const numbers: string[] = [];
    const accounts: number[] = [];
    const lineIds: number[] = [];
    for (let i = 0; i < LINES; i++) {
      const number = `+7925${String(i).padStart(7, '0')}`;
      const lineId = await insertLine(trx, {
        customer_id: customer,
        number,
        segment: 'consumer',
        payment_type: 'prepaid',
        line_type: 'mobile',
        status: 'active',
        language: 'ru',
        tariff_id: 'super-mts',
        created_at: at,
        updated_at: at,
      });
      const account = await openLineAccount(trx, lineId, 'main', 'RUB', 0, at);
      await transfer(trx, {
        debitAccountId: opening,
        creditAccountId: account,
        amount: 1e12,
        kind: 'opening-balance',
        description: null,
        externalRef: null,
        at,
      });
      numbers.push(number);
      accounts.push(account);
      lineIds.push(lineId);
    }
    return { numbers, accounts, lineIds, revenue };
  });
}

/** A charge answer of the size the HTTP path sends and keeps per idempotency key (the floor route sends it too). */
export const STORED_ANSWER = JSON.stringify({
  transferId: 123456,
  number: '+79250000001',
  amount: { minor: 1, currency: 'RUB', text: '0,01 ₽' },
  kind: 'fee',
  description: 'sqlite-max',
  balance: { minor: 999999999999, currency: 'RUB', text: '9 999 999 999,99 ₽' },
  at: new Date().toISOString(),
});
let keyRuns = 0;
/** A receipt of the length the HTTP path queues per charge. */
const RECEIPT_TEXT = 'Списано 0,01 ₽: sqlite-max. Баланс: 9 999 999 999,99 ₽.';

/**
 * The bare batched SQL loop: the ceiling the HTTP path is compared with. With `lineIds`, each debit
 * also writes what an HTTP charge stores besides the transfer: the idempotency record (key, request
 * hash, the answer), the receipt SMS and the spend of the day and month.
 */
function rawCeiling(storage: Storage, accounts: number[], revenue: number, batch: number, seconds: number, lineIds?: number[]): number {
  const db = storage.sqlite;
  if (!db) throw new Error('raw ceiling needs SQLite');
  if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('synchronous is not FULL');
  const debit = db.prepare('update accounts set balance = balance - ? where id = ? and (floor is null or balance - reserved - ? >= floor)');
  const credit = db.prepare('update accounts set balance = balance + ? where id = ?');
  const insert = db.prepare(
    'insert into transfers (debit_account_id, credit_account_id, amount, kind, description, external_ref, created_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const storeKey = db.prepare(
    'insert into idempotency_keys (key, request_hash, status_code, response, created_at) values (?, ?, ?, ?, ?) on conflict (key) do nothing',
  );
  const receipt = db.prepare('insert into sms_outbox (line_id, to_number, language, template, text, created_at) values (?, ?, ?, ?, ?, ?)');
  const spend = (table: string, period: string) =>
    db.prepare(
      `insert into ${table} (line_id, ${period}, kind, units, included_units, amount) values (?, ?, 'fee', 1, 0, ?) ` +
        `on conflict (line_id, ${period}, kind) do update set units = ${table}.units + 1, amount = ${table}.amount + excluded.amount`,
    );
  const [daily, monthly] = [spend('spend_daily', 'day'), spend('spend_monthly', 'month')];
  const hash = crypto.createHash('sha256').update('raw').digest('hex');
  const run = keyRuns++;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let ops = 0;
  while (performance.now() < end) {
    db.exec('begin immediate');
    for (let i = 0; i < batch; i++) {
      const account = accounts[ops % accounts.length] ?? 0;
      if (debit.run(1, account, 1).changes === 1) {
        credit.run(1, revenue);
        const at = new Date().toISOString();
        insert.run(account, revenue, 1, 'fee', 'raw', null, at);
        const lineId = lineIds?.[ops % accounts.length];
        if (lineId !== undefined) {
          storeKey.run(`raw-${run}-${ops}`, hash, 201, STORED_ANSWER, at);
          receipt.run(lineId, '+79250000001', 'ru', 'charge', RECEIPT_TEXT, at);
          daily.run(lineId, at.slice(0, 10), 1);
          monthly.run(lineId, at.slice(0, 7), 1);
        }
      }
      ops++;
    }
    db.exec('commit');
  }
  return ops / ((performance.now() - start) / 1000);
}

async function startServer(
  target: DatabaseTarget,
  logFile: string,
): Promise<{ port: number; child: ChildProcess; stats(): Promise<{ writes: number; batches: number; commitMs: number }> }> {
  const child = fork(path.join(ROOT, 'bench/ledger-server.ts'), [], {
    // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, BENCH_TARGET: JSON.stringify(target), BENCH_LOG_FILE: logFile },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    port,
    child,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve(m as { writes: number; batches: number; commitMs: number }));
        child.send('stats');
      }),
  };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Fires charges of 1 minor unit at random lines, each with a fresh idempotency key; with `prefix`
 * `/bench/floor`, the same requests to the bench server's do-nothing route (the HTTP floor).
 */
function load(
  port: number,
  numbers: string[],
  opts: { seconds: number; connections: number; rate?: number; tag: string; prefix?: string },
): Promise<LoadResult> {
  const body = JSON.stringify({ amount: 1, kind: 'fee', description: opts.tag });
  const paths = numbers.map((n) => `${opts.prefix ?? '/api/v1'}/lines/${encodeURIComponent(n)}/charges`);
  return runLoad({
    port,
    connections: opts.connections,
    seconds: opts.seconds,
    ...(opts.rate ? { rate: opts.rate } : {}),
    request: (i) => ({
      method: 'POST',
      path: paths[i % paths.length] ?? '',
      headers: { 'content-type': 'application/json', 'idempotency-key': `${opts.tag}-${i}` },
      body,
    }),
  });
}

/** Fires charge batches of `size` items at random lines through POST /charges/batch, each item with a fresh idempotency key. */
function loadBatches(
  port: number,
  numbers: string[],
  opts: { seconds: number; connections: number; size: number; tag: string },
): Promise<LoadResult> {
  return runLoad({
    port,
    connections: opts.connections,
    seconds: opts.seconds,
    request: (i) => ({
      method: 'POST',
      path: '/api/v1/charges/batch',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: Array.from({ length: opts.size }, (_, j) => ({
          number: numbers[(i * opts.size + j) % numbers.length],
          amount: 1,
          kind: 'fee',
          description: opts.tag,
          idempotencyKey: `${opts.tag}-${i}-${j}`,
        })),
      }),
    }),
  });
}

/** Clients of the PostgreSQL peer loop. */
const PG_PEER_CLIENTS = 16;

/**
 * The PostgreSQL peer: each of PG_PEER_CLIENTS connections runs `begin`, the debit of a line
 * account (guarded by its floor), the credit of a revenue shard and the transfer row, `commit`, as
 * fast as it can: what "one durable commit per debit" gets from this server (pgbench's shape).
 */
async function postgresPeer(url: string, schema: string, accounts: number[], seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: PG_PEER_CLIENTS, options: `-c search_path=${schema}` });
  try {
    const at = new Date().toISOString();
    const storage = openStorage({ kind: 'postgres', url, schema, poolSize: 2 });
    const shards = await Promise.all(
      Array.from({ length: 32 }, (_, k) => operatorAccountId(storage.db, shardCode('revenue', k), 'RUB', at)),
    );
    await storage.close();
    let ops = 0;
    const end = performance.now() + seconds * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: PG_PEER_CLIENTS }, async (_, c) => {
        const client = await pool.connect();
        try {
          for (let i = c; performance.now() < end; i += PG_PEER_CLIENTS) {
            const account = accounts[(i * 7919) % accounts.length] ?? 0;
            await client.query('begin');
            const debited = await client.query({
              name: 'peer_debit',
              text: 'update accounts set balance = balance - 1 where id = $1 and (floor is null or balance - reserved - 1 >= floor) returning id',
              values: [account],
            });
            if (debited.rowCount === 1) {
              await client.query({
                name: 'peer_credit',
                text: 'update accounts set balance = balance + 1 where id = $1',
                values: [shards[account % 32]],
              });
              await client.query({
                name: 'peer_transfer',
                text: "insert into transfers (debit_account_id, credit_account_id, amount, kind, description, external_ref, created_at) values ($1, $2, 1, 'fee', 'pg-peer', null, $3)",
                values: [account, shards[account % 32], new Date().toISOString()],
              });
            }
            await client.query('commit');
            ops++;
          }
        } finally {
          client.release();
        }
      }),
    );
    return ops / ((performance.now() - start) / 1000);
  } finally {
    await pool.end();
  }
}

async function countTransfers(storage: Storage, tag: string): Promise<number> {
  const row = await storage.db
    .selectFrom('transfers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('description', '=', tag)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export default async function ledgerBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-'));
  const result: Record<string, unknown> = { cpus: os.cpus().length, seconds: SECONDS };
  try {
    // ---- SQLite
    if (ONLY !== 'postgres') {
      const file = path.join(dir, 'ledger.db');
      const target: DatabaseTarget = { kind: 'sqlite', file };
      const storage = openStorage(target);
      const { numbers, accounts, lineIds, revenue } = await seed(storage);
      log(`seeded ${numbers.length} lines`);
      const ceiling = rawCeiling(storage, accounts, revenue, 100, 3);
      log(`raw ceiling on the fresh database (100 per transaction): ${ceiling.toFixed(0)} debits/s`);
      // Each HTTP run is compared with the bare loop on the database as that run finds it and as it
      // leaves it (the loop, on its own connection, runs while the server is idle): a debit's cost
      // grows with the tables (every commit writes more index pages), so a ceiling taken only on the
      // fresh database would compare the HTTP runs with a smaller database than they write to.
      const ceilingNow = (batch: number) => rawCeiling(storage, accounts, revenue, batch, 1);

      const server = await startServer(target, path.join(dir, 'sqlite-server.log'));
      await load(server.port, numbers, { seconds: 2, connections: 64, tag: 'warmup' });
      const singleBefore = ceilingNow(100);
      const before = await server.stats();
      const throughput = await load(server.port, numbers, {
        seconds: SECONDS,
        connections: Number(process.env.BENCH_CONNECTIONS ?? 128),
        tag: 'sqlite-max',
      });
      const after = await server.stats();
      const sqliteOk = throughput.ok;
      const sqliteRate = sqliteOk / SECONDS;
      const avgBatch = (after.writes - before.writes) / Math.max(after.batches - before.batches, 1);
      // The server's one thread waits for each COMMIT (the fsync): its share of the run's time.
      const commitShare = (after.commitMs - before.commitMs) / (SECONDS * 1000);
      const singleAfter = ceilingNow(100);
      const ceilingSameBatch = ceilingNow(Math.max(1, Math.round(avgBatch)));
      const singleCeiling = (singleBefore + singleAfter) / 2;
      // The same requests to a route of the same app that does nothing: the most any single-request
      // route can reach on this machine, so the debit's share of the HTTP budget shows.
      const floorRun = await load(server.port, numbers, { seconds: SECONDS, connections: 128, tag: 'floor', prefix: '/bench/floor' });
      const floorRate = floorRun.ok / SECONDS;
      log(`HTTP floor (same app, same requests, a route that does nothing): ${floorRate.toFixed(0)} requests/s`);
      // What one thread could do at best: a request costs at least the HTTP floor plus the bare
      // debit with its idempotency record, each measured alone in this run.
      const ceilingWithRecords = rawCeiling(storage, accounts, revenue, 100, 1, lineIds);
      const singleThreadBound = 1 / (1 / floorRate + 1 / ceilingWithRecords);
      log(
        `bare charge with its records (idempotency, receipt, spend): ${ceilingWithRecords.toFixed(0)}/s; one thread at best (floor + that): ` +
          `${singleThreadBound.toFixed(0)}/s = ${(singleThreadBound / singleCeiling).toFixed(2)} of the raw ceiling`,
      );
      log(
        `HTTP SQLite: ${sqliteRate.toFixed(0)} debits/s (statuses ${JSON.stringify(throughput.byStatus)}), ${avgBatch.toFixed(1)} writes per commit, ` +
          `${(commitShare * 100).toFixed(0)} % of the time in COMMIT`,
      );
      log(
        `raw ceiling on the same database: ${singleBefore.toFixed(0)} before, ${singleAfter.toFixed(0)} after, ` +
          `${ceilingSameBatch.toFixed(0)} at the HTTP batch size (${Math.round(avgBatch)}) debits/s`,
      );
      const paced = await load(server.port, numbers, { seconds: SECONDS, connections: 64, rate: 2_000, tag: 'sqlite-2k' });
      log(`HTTP SQLite at 2,000/s: p50 ${paced.p50Ms} ms, p99 ${paced.p99Ms} ms, ${(paced.ok / SECONDS).toFixed(0)}/s answered`);
      // The same open loop on the do-nothing route: the delays the machine, the load client and the
      // HTTP stack add on their own (a busy neighbour, GC), so the charge's own share of p99 shows.
      const pacedFloor = await load(server.port, numbers, {
        seconds: SECONDS,
        connections: 64,
        rate: 2_000,
        tag: 'floor-2k',
        prefix: '/bench/floor',
      });
      log(`HTTP floor at 2,000/s: p50 ${pacedFloor.p50Ms} ms, p99 ${pacedFloor.p99Ms} ms`);
      await loadBatches(server.port, numbers, { seconds: 1, connections: 8, size: BATCH, tag: 'batch-warmup' });
      const batchBefore = ceilingNow(100);
      const batched = await loadBatches(server.port, numbers, { seconds: SECONDS, connections: 8, size: BATCH, tag: 'sqlite-batch' });
      const batchAfter = ceilingNow(100);
      const batchCeiling = (batchBefore + batchAfter) / 2;
      const batchRate = (batched.ok * BATCH) / SECONDS;
      log(`HTTP SQLite, POST /charges/batch of ${BATCH}: ${batchRate.toFixed(0)} debits/s, p99 ${batched.p99Ms} ms per batch`);
      log(`raw ceiling on the same database: ${batchBefore.toFixed(0)} before, ${batchAfter.toFixed(0)} after debits/s`);
      await stopServer(server.child);

      const stored = await countTransfers(storage, 'sqlite-max');
      const storedBatched = await countTransfers(storage, 'sqlite-batch');
      await storage.close();

      Object.assign(result, {
        sqlite: {
          synchronous: 'FULL',
          rawCeilingBatch: 100,
          rawCeilingFreshDbPerSec: Math.round(ceiling),
          rawCeilingSameDbPerSec: Math.round(singleCeiling),
          httpDebitsPerSec: Math.round(sqliteRate),
          httpStatuses: throughput.byStatus,
          everyAcknowledgedStored: stored >= sqliteOk,
          avgWritesPerCommit: Number(avgBatch.toFixed(1)),
          commitShareOfServerTime: Number(commitShare.toFixed(3)),
          ratioToRawCeiling: Number((sqliteRate / singleCeiling).toFixed(3)),
          goalRatioToRawCeiling: 0.4,
          ratioToFreshDbCeiling: Number((sqliteRate / ceiling).toFixed(3)),
          httpFloorPerSec: Math.round(floorRate),
          ratioToHttpFloor: Number((sqliteRate / floorRate).toFixed(3)),
          httpFloorRatioToRawCeiling: Number((floorRate / singleCeiling).toFixed(3)),
          rawCeilingWithChargeRecordsPerSec: Math.round(ceilingWithRecords),
          ratioToChargeRecordsCeiling: Number((sqliteRate / ceilingWithRecords).toFixed(3)),
          singleThreadBoundPerSec: Math.round(singleThreadBound),
          singleThreadBoundRatioToRawCeiling: Number((singleThreadBound / singleCeiling).toFixed(3)),
          ratioToSingleThreadBound: Number((sqliteRate / singleThreadBound).toFixed(3)),
          rawCeilingAtHttpBatchPerSec: Math.round(ceilingSameBatch),
          ratioToRawCeilingAtHttpBatch: Number((sqliteRate / ceilingSameBatch).toFixed(3)),
          goalDebitsPerSec: 10_000,
          ratioToGoal: Number((sqliteRate / 10_000).toFixed(3)),
          p99MsAt2000PerSec: paced.p99Ms,
          p50MsAt2000PerSec: paced.p50Ms,
          answeredPerSecAt2000: Math.round(paced.ok / SECONDS),
          ratioP99ToGoal: Number((paced.p99Ms / 25).toFixed(3)),
          floorP99MsAt2000PerSec: pacedFloor.p99Ms,
          p99AboveFloorMsAt2000PerSec: Number((paced.p99Ms - pacedFloor.p99Ms).toFixed(2)),
          p99GoalMs: 25,
          batchEndpoint: {
            itemsPerRequest: BATCH,
            debitsPerSec: Math.round(batchRate),
            p99MsPerBatch: batched.p99Ms,
            statuses: batched.byStatus,
            everyAcknowledgedStored: storedBatched >= batched.ok * BATCH,
            rawCeilingSameDbPerSec: Math.round(batchCeiling),
            ratioToRawCeiling: Number((batchRate / batchCeiling).toFixed(3)),
            ratioToFreshDbCeiling: Number((batchRate / ceiling).toFixed(3)),
            ratioToChargeRecordsCeiling: Number((batchRate / ceilingWithRecords).toFixed(3)),
            goalRatioToRawCeiling: 0.4,
          },
        },
      });
    }
    // ---- PostgreSQL
    if (ONLY !== 'sqlite') {
      const schema = `bench_${crypto.randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      try {
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        const pgTarget: DatabaseTarget = { kind: 'postgres', url: PG_URL, schema, poolSize: 32 };
        const pgStorage = openStorage(pgTarget);
        const seeded = await seed(pgStorage);
        const pgServer = await startServer(pgTarget, path.join(dir, 'postgres-server.log'));
        await load(pgServer.port, seeded.numbers, { seconds: 2, connections: 64, tag: 'pg-warmup' });
        const pgBefore = await pgServer.stats();
        const pgRun = await load(pgServer.port, seeded.numbers, { seconds: SECONDS, connections: 64, tag: 'pg-max' });
        const pgAfter = await pgServer.stats();
        const pgBatch = (pgAfter.writes - pgBefore.writes) / Math.max(pgAfter.batches - pgBefore.batches, 1);
        await stopServer(pgServer.child);
        const pgStored = await countTransfers(pgStorage, 'pg-max');
        await pgStorage.close();
        const pgRate = pgRun.ok / SECONDS;
        log(`HTTP PostgreSQL over ${LINES} accounts: ${pgRate.toFixed(0)} debits/s, p99 ${pgRun.p99Ms} ms`);
        const peer = await postgresPeer(PG_URL, schema, seeded.accounts, SECONDS);
        log(`PostgreSQL peer (one transaction per debit, ${PG_PEER_CLIENTS} clients, no HTTP): ${peer.toFixed(0)} debits/s`);
        result.postgres = {
          accounts: LINES,
          httpDebitsPerSec: Math.round(pgRate),
          httpStatuses: pgRun.byStatus,
          everyAcknowledgedStored: pgStored >= pgRun.ok,
          p99Ms: pgRun.p99Ms,
          avgWritesPerCommit: Number(pgBatch.toFixed(1)),
          peerOneCommitPerDebitPerSec: Math.round(peer),
          ratioToPeer: Number((pgRate / peer).toFixed(3)),
          goalDebitsPerSec: 3_000,
          ratioToGoal: Number((pgRate / 3_000).toFixed(3)),
        };
      } catch (error) {
        result.postgres = { error: error instanceof Error ? error.message : String(error) };
      } finally {
        await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
        await admin.end().catch(() => undefined);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
}
