/**
 * Where money writes run: group commit on both databases. Every write arriving within one
 * event-loop turn joins one transaction (`BEGIN IMMEDIATE ... COMMIT` on SQLite: one fsync under
 * `synchronous=FULL`; on PostgreSQL one WAL flush on one connection); each write runs in its own
 * SAVEPOINT, so one refused write does not undo the others, and every caller is answered only after
 * the COMMIT is durable. On PostgreSQL a deadlock or serialization failure runs the batch again
 * (nothing of it stayed), and after three tries each write in its own transaction (retried too).
 * A savepoint costs a round trip on PostgreSQL and two statements on SQLite, so a lane first runs
 * its batch without them: when a write fails there, the whole transaction is rolled back and the
 * batch runs again with a savepoint each (and the lane keeps savepoints for its next batches).
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import { closeBatchTails, flushBatchTails, kyselyOnClient, openBatchTails, pgPoolOf, queryOn } from '../../db/pg-raw.ts';
import type pg from 'pg';
import { preparedOn, rawSqliteHandleOf, registerExclusiveSqlite } from '../../db/sqlite-driver.ts';
import { openTransferGathering } from './transfer-gathering.repository.ts';

export type LedgerWork<T> = (db: Kysely<Database>) => Promise<T>;

export interface LedgerWriter {
  /**
   * Runs `work` atomically and durably; its error (if any) rolls back only its own changes.
   * `spreadBy` (the line account the work is about, as for operator account shards) lets writes
   * of different lines commit in parallel on PostgreSQL; writes without it share lane 0.
   * `concurrent`: the work moves money only through guarded transfers and records nobody in the
   * batch reads back, and reads nothing another write may change; on PostgreSQL such writes of a
   * batch run side by side and their transfers go in one statement (`transfer-gathering.repository.ts`).
   */
  write<T>(work: LedgerWork<T>, spreadBy?: number, concurrent?: boolean): Promise<T>;
  /**
   * Writes committed and batches run so far, batches undone and run again (with savepoints after a
   * failed write, or after a deadlock), and the milliseconds spent in COMMIT (for benchmarks and
   * metrics; on SQLite the event loop waits for the disk that long).
   */
  readonly stats: { writes: number; batches: number; reruns: number; commitMs: number };
}

/** The most writes one SQLite transaction takes; the rest wait for the next one. */
const MAX_BATCH = 2000;

type Pending = { work: LedgerWork<unknown>; concurrent: boolean; resolve(value: unknown): void; reject(error: unknown): void };

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A deadlock (40P01) or serialization failure (40001): nothing of the transaction stays; run it again. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** A statement of a subtransaction failed and was caught by the work (25P02): the cause may be retryable. */
function isAbortedTransaction(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '25P02';
}

class BatchRetry extends Error {}

/** A write failed in a batch run without savepoints: nothing of the batch stayed; run it with one savepoint per write. */
class NeedsSavepoints extends Error {}

/** After a batch needed savepoints, a lane keeps them for this many batches before trying without again. */
const BATCHES_WITH_SAVEPOINTS_AFTER_A_FAILURE = 20;

/** Runs a transaction-control statement on the raw handle, prepared once (the savepoints run per write). */
function runSqliteControl(raw: SQLite.Database, text: string): void {
  preparedOn(raw, text).run();
}

/** Parallel group-commit lanes on PostgreSQL: a divisor of the 32 operator account shards. */
const POSTGRES_LANES = 2;

/**
 * Group commit: every write of one event-loop turn in one transaction, a SAVEPOINT each, answered
 * after the COMMIT. One batch at a time per lane. On PostgreSQL a write goes to lane
 * `spreadBy % POSTGRES_LANES`, so the lanes' batches lock disjoint line accounts and operator
 * shards (shard = `spreadBy % 32`) and do not wait on each other; a deadlock that still happens
 * (a write without `spreadBy` against another lane, another process) runs the batch again.
 */
class GroupCommitWriter implements LedgerWriter {
  readonly stats = { writes: 0, batches: 0, reruns: 0, commitMs: 0 };
  private readonly queues: Pending[][];
  private readonly scheduled: boolean[];
  /** Per lane: batches still to run with savepoints from the start (0: try without first). */
  private readonly savepointBatchesLeft: number[];
  private readonly postgres: boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly fallback: LedgerWriter | null,
  ) {
    this.postgres = fallback !== null;
    const lanes = this.postgres ? POSTGRES_LANES : 1;
    this.queues = Array.from({ length: lanes }, () => []);
    this.scheduled = Array.from({ length: lanes }, () => false);
    this.savepointBatchesLeft = Array.from({ length: lanes }, () => 0);
  }

  write<T>(work: LedgerWork<T>, spreadBy?: number, concurrent = false): Promise<T> {
    const lanes = this.queues.length;
    const lane = spreadBy === undefined || !Number.isSafeInteger(spreadBy) ? 0 : Math.abs(spreadBy) % lanes;
    return new Promise<T>((resolve, reject) => {
      this.queues[lane]?.push({ work, concurrent, resolve: (value) => resolve(value as T), reject });
      if (!this.scheduled[lane]) {
        this.scheduled[lane] = true;
        setImmediate(() => void this.flush(lane));
      }
    });
  }

  private async flush(lane: number): Promise<void> {
    const queue = this.queues[lane] ?? [];
    const batch = queue.splice(0, MAX_BATCH);
    try {
      let outcomes: Outcome[] | null = null;
      let savepoints = (this.savepointBatchesLeft[lane] ?? 0) > 0;
      if (savepoints) this.savepointBatchesLeft[lane] = (this.savepointBatchesLeft[lane] ?? 1) - 1;
      // PostgreSQL: a deadlock with another process's transaction undoes the whole batch (its
      // earlier writes still hold the locks the other waits for); run it again, then one by one.
      for (let attempt = 1; outcomes === null && attempt <= (this.postgres ? 3 : 1);) {
        try {
          outcomes = await this.runBatch(batch, savepoints);
        } catch (error) {
          if (error instanceof NeedsSavepoints || error instanceof BatchRetry) this.stats.reruns++;
          if (error instanceof NeedsSavepoints) {
            savepoints = true;
            this.savepointBatchesLeft[lane] = BATCHES_WITH_SAVEPOINTS_AFTER_A_FAILURE;
            continue;
          }
          if (!(error instanceof BatchRetry)) throw error;
          attempt++;
        }
      }
      if (outcomes === null) {
        const fallback = this.fallback;
        if (!fallback) throw new Error('ledger batch not run');
        outcomes = await Promise.all(
          batch.map((op) =>
            fallback.write(op.work).then(
              (value): Outcome => ({ ok: true, value }),
              (error: unknown): Outcome => ({ ok: false, error }),
            ),
          ),
        );
      }
      this.stats.batches++;
      this.stats.writes += batch.length;
      batch.forEach((op, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) op.resolve(outcome.value);
        else op.reject(outcome ? outcome.error : new Error('ledger write not run'));
      });
    } catch (error) {
      for (const op of batch) op.reject(error);
    } finally {
      if (queue.length > 0) setImmediate(() => void this.flush(lane));
      else this.scheduled[lane] = false;
    }
  }

  /**
   * Runs `fn` on one connection. On PostgreSQL a client held straight from the pool, so the hot
   * statements can go to it as named prepared statements (`rawPgOf`); a client left in an unknown
   * state by an error is dropped rather than returned to the pool.
   */
  private async withConnection(
    fn: (conn: Kysely<Database>, exec: ((text: string) => Promise<void>) | null, client: pg.PoolClient | null) => Promise<void>,
  ): Promise<void> {
    const pool = this.postgres ? pgPoolOf(this.db) : undefined;
    if (!pool) return this.db.connection().execute((conn) => fn(conn, null, null));
    const client = await pool.connect();
    try {
      await fn(kyselyOnClient(client), (text) => queryOn(client, text).then(() => undefined), client);
    } catch (error) {
      closeBatchTails(client);
      // Rolled back on purpose: the client is fine. Anything else: it may be mid-transaction.
      client.release(!(error instanceof BatchRetry || error instanceof NeedsSavepoints));
      throw error;
    }
    client.release();
  }

  /**
   * One transaction for the batch; throws BatchRetry when PostgreSQL asks for the whole of it again,
   * and (without `savepoints`) NeedsSavepoints when a write fails.
   */
  private async runBatch(batch: Pending[], savepoints: boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const raw = rawSqliteHandleOf(this.db);
    const postgres = this.postgres;
    await this.withConnection(async (conn, clientExec, client) => {
      // Transaction control straight on the handle when there is one (cheaper than a query each);
      // on PostgreSQL several control statements go in one round trip (simple query protocol).
      const exec =
        clientExec ??
        (raw
          ? (text: string) => Promise.resolve(void runSqliteControl(raw, text))
          : (text: string) =>
              sql
                .raw(text)
                .execute(conn)
                .then(() => undefined));
      const commit = async () => {
        const started = performance.now();
        await exec('commit');
        this.stats.commitMs += performance.now() - started;
      };
      if (raw) registerExclusiveSqlite(conn, raw);
      try {
        if (!savepoints) {
          await exec(postgres ? 'begin' : 'begin immediate');
          // PostgreSQL: the writes may leave rows to the batch's end, written in one statement each
          // (`BatchTail`); a tail refused there (a key taken meanwhile) undoes the batch like a failed write.
          if (client) openBatchTails(client);
          for (let i = 0; i < batch.length;) {
            // PostgreSQL: a run of concurrent writes goes side by side, their transfers gathered.
            let end = i + 1;
            if (client) while (batch[i]?.concurrent && batch[end]?.concurrent) end++;
            const run = batch.slice(i, end);
            i = end;
            const settled = run.length > 1 ? await runGathered(conn, run) : [await settle(run[0], conn)];
            for (const outcome of settled) {
              // What the write did before it failed cannot be undone alone: undo the batch. (An
              // aborted transaction, 25P02, may hide any cause: the savepoint run tells them apart.)
              if (!outcome.ok) throw isRetryable(outcome.error) ? new BatchRetry() : new NeedsSavepoints();
              outcomes.push(outcome);
            }
          }
          if (client) {
            try {
              await flushBatchTails(client);
            } catch (error) {
              throw isRetryable(error) ? new BatchRetry() : new NeedsSavepoints();
            }
          }
          await commit();
        } else if (postgres) {
          // One round trip per write for the savepoints: the next one opens as the last is released.
          let open = 'begin; savepoint ledger_op';
          for (const op of batch) {
            await exec(open);
            open = 'release ledger_op; savepoint ledger_op';
            try {
              outcomes.push({ ok: true, value: await op.work(conn) });
            } catch (error) {
              if (isRetryable(error) || isAbortedTransaction(error)) throw new BatchRetry();
              await exec('rollback to ledger_op');
              outcomes.push({ ok: false, error });
            }
          }
          await commit();
        } else {
          await exec('begin immediate');
          for (const op of batch) {
            await exec('savepoint ledger_op');
            try {
              const value = await op.work(conn);
              await exec('release ledger_op');
              outcomes.push({ ok: true, value });
            } catch (error) {
              await exec('rollback to ledger_op');
              await exec('release ledger_op');
              outcomes.push({ ok: false, error });
            }
          }
          await commit();
        }
      } catch (error) {
        await exec('rollback').catch(() => undefined);
        if (postgres && isRetryable(error)) throw new BatchRetry();
        throw error;
      }
    });
    return outcomes;
  }
}

/** Runs one write, its error as an outcome. */
function settle(op: Pending | undefined, conn: Kysely<Database>): Promise<Outcome> {
  if (!op) return Promise.resolve({ ok: false, error: new Error('ledger write not run') });
  return op.work(conn).then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome => ({ ok: false, error }),
  );
}

/**
 * Runs concurrent writes side by side on the batch's held PostgreSQL client: each reaches its
 * transfer, which waits; once every write has had its turn (one event-loop turn: their synchronous
 * parts and promise jobs have run), the gathered transfers go in one statement a round, and the
 * writes go on. A write that asks for a transfer only later gets it alone.
 */
async function runGathered(conn: Kysely<Database>, run: Pending[]): Promise<Outcome[]> {
  const gathering = openTransferGathering(conn);
  try {
    const settled = Promise.all(run.map((op) => settle(op, conn)));
    await new Promise((resolve) => setImmediate(resolve));
    await gathering?.flush();
    return await settled;
  } finally {
    gathering?.close();
  }
}

class TransactionPerWriteWriter implements LedgerWriter {
  readonly stats = { writes: 0, batches: 0, reruns: 0, commitMs: 0 };
  constructor(private readonly db: Kysely<Database>) {}

  async write<T>(work: LedgerWork<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await this.db.transaction().execute(work);
        this.stats.writes++;
        this.stats.batches++;
        return value;
      } catch (error) {
        // 40P01 deadlock, 40001 serialization failure: nothing was written; run again.
        const code = (error as { code?: unknown }).code;
        if ((code === '40P01' || code === '40001') && attempt < 5) {
          this.stats.reruns++;
          continue;
        }
        throw error;
      }
    }
  }
}

const writers = new WeakMap<Kysely<Database>, LedgerWriter>();

/** The one writer of a database handle in this process. */
export function ledgerWriter(db: Kysely<Database>): LedgerWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer =
      dialectOf(db as unknown as Kysely<unknown>) === 'sqlite'
        ? new GroupCommitWriter(db, null)
        : new GroupCommitWriter(db, new TransactionPerWriteWriter(db));
    writers.set(db, writer);
  }
  return writer;
}
