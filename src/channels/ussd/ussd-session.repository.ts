/**
 * SQL for USSD sessions: one row per live dialogue, shared by every app process, expiring by time.
 * PostgreSQL: the `ussd_sessions` table. SQLite: the same table in the session file beside the
 * database (`session-file.ts`), written only here, a batch at a time, on its own handle.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { channelDb } from '../channel-tables.ts';
import { sessionFileOf } from './session-file.ts';

export type UssdSessionRow = { sessionKey: string; number: string; state: string; steps: number; expiresAt: string };

/** A session as stored, with its version: `steps` and `updatedAt` change on every write. */
export type StoredSession = UssdSessionRow & { updatedAt: string };

/** The version a write expects to replace (compare-and-set). */
export type SessionVersion = { number: string; steps: number; updatedAt: string };

/** The live session under `key`, or undefined when there is none or it expired. Always reads the shared store. */
export async function findLiveSession(db: Kysely<Database>, key: string, now: string): Promise<StoredSession | undefined> {
  // On SQLite a prepared statement on the session file: only this module writes it, each of its
  // batches in one synchronous run on the handle, so a read never sees half a batch.
  const raw = sessionFileOf(db);
  const row = raw
    ? (sqliteStatements(raw).find.get(key, now) as
        { session_key: string; number: string; state: string; steps: number; updated_at: string; expires_at: string } | undefined)
    : await channelDb(db)
        .selectFrom('ussd_sessions')
        .select(['session_key', 'number', 'state', 'steps', 'updated_at', 'expires_at'])
        .where('session_key', '=', key)
        .where('expires_at', '>', now)
        .executeTakeFirst();
  return row
    ? {
        sessionKey: row.session_key,
        number: row.number,
        state: row.state,
        steps: Number(row.steps),
        updatedAt: row.updated_at,
        expiresAt: row.expires_at,
      }
    : undefined;
}

/**
 * The session as this process last wrote it, if that write committed and the session has not
 * expired since. Only a hint: another process may have moved the session on; a write based on it
 * must pass the version it read (`saveSession(..., expect)`), which fails when the store moved.
 */
export function cachedSession(db: Kysely<Database>, key: string, now: string): StoredSession | undefined {
  return cacheOf(db).get(key, now);
}

/**
 * Creates the session or replaces one of the same number (a new dialogue may reuse a gateway's id;
 * another number's only once expired), or with
 * `expect`, replaces it only while the store still holds that version. Group-committed. Resolves
 * false when `expect` no longer matches (another process moved the session on, or it ended), or
 * without `expect` when another number's live session holds the key.
 */
export function saveSession(db: Kysely<Database>, s: UssdSessionRow, now: string, expect?: SessionVersion): Promise<boolean> {
  // The batch keeps this process's cache in step with what it committed.
  return batchOf(db).add({ kind: 'save', row: s, now, expect });
}

/** Ends the session. Group-committed. */
export async function endSession(db: Kysely<Database>, key: string): Promise<void> {
  cacheOf(db).delete(key);
  await batchOf(db).add({ kind: 'end', key });
}

/**
 * Sessions this process wrote last, by key: least recently written dropped first beyond `max`,
 * each dropped once expired. Saves one store read per step when the next step comes back here.
 */
class SessionCache {
  private readonly entries = new Map<string, StoredSession>();
  constructor(private readonly max = 100_000) {}

  get(key: string, now: string): StoredSession | undefined {
    const s = this.entries.get(key);
    if (s && s.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return s;
  }

  set(s: StoredSession): void {
    this.entries.delete(s.sessionKey);
    this.entries.set(s.sessionKey, s);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

const caches = new WeakMap<Kysely<Database>, SessionCache>();
function cacheOf(db: Kysely<Database>): SessionCache {
  let c = caches.get(db);
  if (!c) {
    c = new SessionCache();
    caches.set(db, c);
  }
  return c;
}

type Write = { kind: 'save'; row: UssdSessionRow; now: string; expect: SessionVersion | undefined } | { kind: 'end'; key: string };

/**
 * A batch waits event-loop turns while they bring it more writes (each turn first reads whatever
 * requests the sockets hold), at most `MAX_GATHER_TURNS`, and commits on the first turn that brings
 * none: a commit's fixed cost (locks, WAL frames) is most of a small batch's, so a loaded store
 * gathers bigger batches, while an idle one commits on the next turn and a batch never waits idle.
 */
const MAX_GATHER_TURNS = 8;

/**
 * Group commit: every session write of the event-loop turns a batch gathers goes into one
 * transaction (one commit), in arrival order; each caller's promise settles when that transaction
 * commits (with whether a compare-and-set write applied), and this process's session cache follows
 * what committed. Without it each USSD step would pay its own commit.
 */
class WriteBatch {
  /** Writes and commits so far (for tests and metrics). */
  readonly stats = { writes: 0, commits: 0 };
  private pending: { write: Write; resolve: (applied: boolean) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  add(write: Write): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.gather(0, 0);
      }
    });
  }

  /** Commits on the next turn that brings no new write (or after `MAX_GATHER_TURNS`). */
  private gather(turns: number, seen: number): void {
    setImmediate(() => {
      if (this.pending.length > seen && turns < MAX_GATHER_TURNS) this.gather(turns + 1, this.pending.length);
      else void this.flush();
    });
  }

  private lastPurge = 0;

  /**
   * Now and then a batch also removes expired sessions (as of its latest write time): on SQLite
   * every second the next slice of the table (`sweepExpired`), on PostgreSQL once a minute all of them.
   */
  private purgeDue(batch: { write: Write }[], everyMs: number): string | undefined {
    if (Date.now() - this.lastPurge < everyMs) return undefined;
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
      const writes = batch.map((b) => b.write);
      const file = sessionFileOf(this.db);
      const purgeBefore = this.purgeDue(batch, file ? 1000 : 60_000);
      const applied = file
        ? sqliteWriteBatch(file, writes, purgeBefore)
        : await withoutWaitingForDisk(this.db, async (trx) => {
            if (purgeBefore) await channelDb(trx).deleteFrom('ussd_sessions').where('expires_at', '<=', purgeBefore).execute();
            const results: boolean[] = [];
            for (const write of writes) {
              if (write.kind === 'end') {
                await channelDb(trx).deleteFrom('ussd_sessions').where('session_key', '=', write.key).execute();
                results.push(true);
              } else if (write.expect) results.push(await replaceSession(trx, write.row, write.now, write.expect));
              else results.push(await upsertSession(trx, write.row, write.now));
            }
            return results;
          });
      this.stats.commits++;
      this.stats.writes += batch.length;
      const cache = cacheOf(this.db);
      batch.forEach((b, i) => {
        const w = b.write;
        const saved = applied[i] ?? false;
        if (w.kind === 'save') {
          if (saved) cache.set({ ...w.row, updatedAt: w.now });
          else cache.delete(w.row.sessionKey);
        }
        b.resolve(saved);
      });
    } catch (error) {
      const cache = cacheOf(this.db);
      for (const b of batch) {
        if (b.write.kind === 'save') cache.delete(b.write.row.sessionKey);
        b.reject(error);
      }
    }
  }
}

/**
 * Runs a PostgreSQL transaction whose commit does not wait for the disk (`synchronous_commit = off`
 * for it only): USSD sessions live seconds and die with the network's session anyway, so losing the
 * last ones on a power cut is harmless, while a waited commit per step would cap USSD at the disk's pace.
 */
async function withoutWaitingForDisk<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    return work(trx);
  });
}

/** The batch in one transaction of the session file, with statements prepared once (Kysely's per-query cost is several times the statement's own). */
function sqliteWriteBatch(file: SQLite.Database, writes: Write[], sweepBefore: string | undefined): boolean[] {
  const s = sqliteStatements(file);
  try {
    s.begin.run();
    if (sweepBefore) sweepExpired(file, sweepBefore);
    const results = writes.map((w) => {
      if (w.kind === 'end') return (s.end.run(w.key), true);
      const r = w.row;
      if (!w.expect) return s.upsert.run(r.sessionKey, r.number, r.state, r.steps, w.now, w.now, r.expiresAt).changes === 1;
      const e = w.expect;
      return s.replace.run(r.state, r.steps, w.now, r.expiresAt, r.sessionKey, e.number, e.steps, e.updatedAt).changes === 1;
    });
    s.commit.run();
    return results;
  } catch (error) {
    if (file.inTransaction) s.rollback.run();
    throw error;
  }
}

/** Rows of the session file one sweep looks at. */
const SWEEP_ROWS = 5000;
const sweepCursors = new WeakMap<SQLite.Database, number>();

/**
 * Removes the expired sessions among the next `SWEEP_ROWS` rows (by rowid, from where the last sweep
 * stopped, wrapping at the end): the table has no index on expiry, which would cost every step a
 * second index write, so each sweep reads a bounded slice instead of the whole table.
 */
export function sweepExpired(file: SQLite.Database, before: string): void {
  const s = sqliteStatements(file);
  const from = sweepCursors.get(file) ?? 0;
  s.sweep.run(from, from + SWEEP_ROWS, before);
  const last = Number((s.lastRowid.get() as { last: number | null }).last ?? 0);
  sweepCursors.set(file, from + SWEEP_ROWS >= last ? 0 : from + SWEEP_ROWS);
}

function prepareStatements(raw: SQLite.Database) {
  return {
    begin: raw.prepare('begin immediate'),
    commit: raw.prepare('commit'),
    rollback: raw.prepare('rollback'),
    upsert: raw.prepare(
      'insert into ussd_sessions (session_key, number, state, steps, started_at, updated_at, expires_at) values (?, ?, ?, ?, ?, ?, ?) ' +
        'on conflict (session_key) do update set number = excluded.number, state = excluded.state, steps = excluded.steps, ' +
        'updated_at = excluded.updated_at, expires_at = excluded.expires_at ' +
        'where ussd_sessions.number = excluded.number or ussd_sessions.expires_at <= excluded.updated_at',
    ),
    replace: raw.prepare(
      'update ussd_sessions set state = ?, steps = ?, updated_at = ?, expires_at = ? where session_key = ? and number = ? and steps = ? and updated_at = ?',
    ),
    end: raw.prepare('delete from ussd_sessions where session_key = ?'),
    sweep: raw.prepare('delete from ussd_sessions where rowid > ? and rowid <= ? and expires_at <= ?'),
    lastRowid: raw.prepare('select max(rowid) as last from ussd_sessions'),
    count: raw.prepare('select count(*) as n from ussd_sessions'),
    find: raw.prepare(
      'select session_key, number, state, steps, updated_at, expires_at from ussd_sessions where session_key = ? and expires_at > ?',
    ),
  };
}

const prepared = new WeakMap<SQLite.Database, ReturnType<typeof prepareStatements>>();
function sqliteStatements(raw: SQLite.Database): ReturnType<typeof prepareStatements> {
  let s = prepared.get(raw);
  if (!s) {
    s = prepareStatements(raw);
    prepared.set(raw, s);
  }
  return s;
}

/** Session writes and the commits that carried them in this process (group commit: many writes a commit under load). */
export function sessionWriteStats(db: Kysely<Database>): { writes: number; commits: number } {
  return { ...batchOf(db).stats };
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

/** Creates the session, or replaces one of the same number or an expired one; false while another number's live session holds the key. */
async function upsertSession(db: Kysely<Database>, s: UssdSessionRow, now: string): Promise<boolean> {
  const r = await channelDb(db)
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
      oc
        .column('session_key')
        .doUpdateSet({ number: s.number, state: s.state, steps: s.steps, updated_at: now, expires_at: s.expiresAt })
        .where((eb) => eb.or([eb('ussd_sessions.number', '=', s.number), eb('ussd_sessions.expires_at', '<=', now)])),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Replaces the session only while the store holds the expected version; false when it does not. */
async function replaceSession(db: Kysely<Database>, s: UssdSessionRow, now: string, expect: SessionVersion): Promise<boolean> {
  const r = await channelDb(db)
    .updateTable('ussd_sessions')
    .set({ state: s.state, steps: s.steps, updated_at: now, expires_at: s.expiresAt })
    .where('session_key', '=', s.sessionKey)
    .where('number', '=', expect.number)
    .where('steps', '=', expect.steps)
    .where('updated_at', '=', expect.updatedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How many sessions the store holds, live or expired (for tests and metrics). */
export async function countSessions(db: Kysely<Database>): Promise<number> {
  const file = sessionFileOf(db);
  if (file) return Number((sqliteStatements(file).count.get() as { n: number }).n);
  const row = await channelDb(db)
    .selectFrom('ussd_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
