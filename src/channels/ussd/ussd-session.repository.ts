/** SQL for USSD sessions: one row per live dialogue, shared by every app process, expiring by time. */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { channelDb } from '../channel-tables.ts';

export type UssdSessionRow = { sessionKey: string; number: string; state: string; steps: number; expiresAt: string };

/** The live session under `key`, or undefined when there is none or it expired. */
export async function findLiveSession(db: Kysely<Database>, key: string, now: string): Promise<UssdSessionRow | undefined> {
  const row = await channelDb(db)
    .selectFrom('ussd_sessions')
    .select(['session_key', 'number', 'state', 'steps', 'expires_at'])
    .where('session_key', '=', key)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row
    ? { sessionKey: row.session_key, number: row.number, state: row.state, steps: Number(row.steps), expiresAt: row.expires_at }
    : undefined;
}

/** Whether `key` is held by a live session of another number. */
export async function sessionOwner(db: Kysely<Database>, key: string, now: string): Promise<string | undefined> {
  return (await findLiveSession(db, key, now))?.number;
}

/** Creates or replaces the session (a new dialogue may reuse a gateway's id after expiry). Group-committed. */
export function saveSession(db: Kysely<Database>, s: UssdSessionRow, now: string): Promise<void> {
  return batchOf(db).add({ kind: 'save', row: s, now });
}

/** Ends the session. Group-committed. */
export function endSession(db: Kysely<Database>, key: string): Promise<void> {
  return batchOf(db).add({ kind: 'end', key });
}

type Write = { kind: 'save'; row: UssdSessionRow; now: string } | { kind: 'end'; key: string };

/**
 * Group commit: every session write of one event-loop turn goes into one transaction (one fsync),
 * in arrival order; each caller's promise settles when that transaction commits. Without it each
 * USSD step would pay its own durable commit.
 */
class WriteBatch {
  private pending: { write: Write; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  add(write: Write): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private lastPurge = 0;

  /** Once a minute a batch also removes expired sessions (as of its latest write time). */
  private purgeDue(batch: { write: Write }[]): string | undefined {
    if (Date.now() - this.lastPurge < 60_000) return undefined;
    const saves = batch.flatMap((b) => (b.write.kind === 'save' ? [b.write.now] : []));
    if (saves.length === 0) return undefined;
    this.lastPurge = Date.now();
    return saves.sort().at(-1);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      const purgeBefore = this.purgeDue(batch);
      await withoutWaitingForDisk(this.db, async (trx) => {
        if (purgeBefore) await channelDb(trx).deleteFrom('ussd_sessions').where('expires_at', '<=', purgeBefore).execute();
        for (const { write } of batch) {
          if (write.kind === 'save') await upsertSession(trx, write.row, write.now);
          else await channelDb(trx).deleteFrom('ussd_sessions').where('session_key', '=', write.key).execute();
        }
      });
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
}

/**
 * Runs a transaction whose commit does not wait for the disk: USSD sessions live seconds and die
 * with the network's session anyway, so losing the last ones on a power cut is harmless, while a
 * waited commit (fsync) per step would cap USSD at the disk's pace. PostgreSQL: `synchronous_commit
 * = off` for this transaction only. SQLite: `synchronous = OFF` on the one connection for this
 * transaction only, restored to FULL before any other statement can run.
 */
async function withoutWaitingForDisk(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
  if (dialectOf(db as unknown as Kysely<unknown>) === 'postgres') {
    await db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      await work(trx);
    });
    return;
  }
  await db.connection().execute(async (conn) => {
    await sql`pragma synchronous = OFF`.execute(conn);
    try {
      // One connection, statements in order: no explicit transaction is needed once commits do not wait.
      await work(conn);
    } finally {
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
}

const batches = new WeakMap<Kysely<Database>, WriteBatch>();
function batchOf(db: Kysely<Database>): WriteBatch {
  let b = batches.get(db);
  if (!b) {
    b = new WriteBatch(db);
    batches.set(db, b);
  }
  return b;
}

async function upsertSession(db: Kysely<Database>, s: UssdSessionRow, now: string): Promise<void> {
  await channelDb(db)
    .insertInto('ussd_sessions')
    .values({
      session_key: s.sessionKey,
      number: s.number,
      state: s.state,
      steps: s.steps,
      started_at: now,
      updated_at: now,
      expires_at: s.expiresAt,
    })
    .onConflict((oc) =>
      oc.column('session_key').doUpdateSet({ number: s.number, state: s.state, steps: s.steps, updated_at: now, expires_at: s.expiresAt }),
    )
    .execute();
}

/** Removes expired sessions; returns how many. */
export async function purgeExpiredSessions(db: Kysely<Database>, now: string): Promise<number> {
  const r = await channelDb(db).deleteFrom('ussd_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
