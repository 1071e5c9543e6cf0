/**
 * On SQLite, USSD sessions live in a file of their own beside the database (`<file>-ussd-sessions`),
 * shared by every app process on the host like the database itself. Sessions live seconds and die
 * with the network's dialogue anyway, so that file never waits for the disk (`synchronous = OFF`,
 * its own WAL and checkpoints). Kept apart, they never share a transaction, a lock or a checkpoint
 * with the money: a checkpoint run by an unsynced session commit could otherwise copy the ledger's
 * acknowledged pages into the database file without an fsync and then reuse the WAL that held them.
 * A file left damaged by a power cut is thrown away and started again: it holds nothing durable.
 */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { onSqliteClose, rawSqliteHandleOf } from '../../db/sqlite-driver.ts';

const SCHEMA = `create table if not exists ussd_sessions (
  session_key text primary key,
  number text not null,
  state text not null,
  steps integer not null,
  started_at text not null,
  updated_at text not null,
  expires_at text not null
)`;

const files = new WeakMap<SQLite.Database, SQLite.Database>();

/** The session file's handle for a SQLite database (opened on first use, closed with it); undefined on PostgreSQL. */
export function sessionFileOf(db: object): SQLite.Database | undefined {
  const main = rawSqliteHandleOf(db);
  if (!main) return undefined;
  let file = files.get(main);
  if (!file) {
    file = openSessionFile(sessionFilePath(main.name));
    files.set(main, file);
    const opened = file;
    onSqliteClose(main, () => opened.close());
  }
  return file;
}

/** Where the sessions of the database at `databaseFile` are kept (in memory for an in-memory database). */
export function sessionFilePath(databaseFile: string): string {
  return databaseFile === ':memory:' || databaseFile === '' ? ':memory:' : `${databaseFile}-ussd-sessions`;
}

function openSessionFile(file: string): SQLite.Database {
  try {
    return prepare(new SQLite(file));
  } catch (error) {
    if (file === ':memory:' || !isDamaged(error)) throw error;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
    return prepare(new SQLite(file));
  }
}

function prepare(handle: SQLite.Database): SQLite.Database {
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = OFF');
  handle.pragma('busy_timeout = 5000');
  handle.exec(SCHEMA);
  return handle;
}

function isDamaged(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB';
}
