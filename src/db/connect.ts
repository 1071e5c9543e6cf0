/**
 * The storage port: one `Kysely<Database>` whichever engine is configured. Everything that differs
 * between SQLite and PostgreSQL at connection time lives here; SQL differences live in `dialect.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { FastSqliteDialect, registerRawSqlite } from './sqlite-driver.ts';
import { registerPgPool } from './pg-raw.ts';

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'postgres';
      url: string;
      /** Schema to use instead of `public` (tests). */ schema?: string;
      /** Pool size (default 10). */ poolSize?: number;
    };

export type Storage = {
  db: Kysely<Database>;
  kind: DatabaseTarget['kind'];
  /** The raw SQLite handle, for bulk loads only; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
};

// int8 (bigint) columns hold money in minor units and ids: well inside Number's safe range.
pg.types.setTypeParser(20, (value) => Number(value));

/** Page cache of each SQLite connection, in KiB. */
const SQLITE_CACHE_KIB = 64 * 1024;

/** Opens the configured database. SQLite: WAL, synchronous=FULL, foreign keys, busy timeout, a 64 MiB page cache. */
export function openStorage(target: DatabaseTarget): Storage {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MiB: a usage batch or a busy minute of debits touches more
    // index pages than that, and every page pushed out is read again. 64 MiB per connection.
    sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const db = new Kysely<Database>({ dialect: new FastSqliteDialect(sqlite) });
    registerRawSqlite(db, sqlite);
    return { db, kind: 'sqlite', sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolSize ?? 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  registerPgPool(db, pool);
  return { db, kind: 'postgres', sqlite: null, close: () => db.destroy() };
}
