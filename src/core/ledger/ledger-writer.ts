/**
 * Where money writes run. On SQLite: group commit. Every write arriving within one event-loop turn
 * joins one `BEGIN IMMEDIATE ... COMMIT` (one fsync under `synchronous=FULL`); each write runs in
 * its own SAVEPOINT, so one refused write does not undo the others, and every caller is answered
 * only after the COMMIT is durable. On PostgreSQL: one transaction per write (retried on deadlock),
 * the database's own group commit does the rest.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import { rawSqliteHandleOf, registerExclusiveSqlite } from '../../db/sqlite-driver.ts';

export type LedgerWork<T> = (db: Kysely<Database>) => Promise<T>;

export interface LedgerWriter {
  /** Runs `work` atomically and durably; its error (if any) rolls back only its own changes. */
  write<T>(work: LedgerWork<T>): Promise<T>;
  /** Writes committed and batches run so far (for benchmarks and metrics). */
  readonly stats: { writes: number; batches: number };
}

/** The most writes one SQLite transaction takes; the rest wait for the next one. */
const MAX_BATCH = 2000;

type Pending = { work: LedgerWork<unknown>; resolve(value: unknown): void; reject(error: unknown): void };

class GroupCommitWriter implements LedgerWriter {
  readonly stats = { writes: 0, batches: 0 };
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  write<T>(work: LedgerWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: (value) => resolve(value as T), reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const raw = rawSqliteHandleOf(this.db);
    try {
      await this.db.connection().execute(async (conn) => {
        // Transaction control straight on the handle when there is one (cheaper than a query each).
        const exec = raw
          ? (text: string) => Promise.resolve(void raw.exec(text))
          : (text: string) =>
              sql
                .raw(text)
                .execute(conn)
                .then(() => undefined);
        if (raw) registerExclusiveSqlite(conn, raw);
        await exec('begin immediate');
        try {
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
          await exec('commit');
        } catch (error) {
          await exec('rollback').catch(() => undefined);
          throw error;
        }
      });
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
      if (this.queue.length > 0) setImmediate(() => void this.flush());
      else this.scheduled = false;
    }
  }
}

class TransactionPerWriteWriter implements LedgerWriter {
  readonly stats = { writes: 0, batches: 0 };
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
        if ((code === '40P01' || code === '40001') && attempt < 5) continue;
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
    writer = dialectOf(db as unknown as Kysely<unknown>) === 'sqlite' ? new GroupCommitWriter(db) : new TransactionPerWriteWriter(db);
    writers.set(db, writer);
  }
  return writer;
}
