/**
 * The SQLite dialect Kysely runs on here: Kysely's own compiler, adapter and introspector, with a
 * driver that differs from the stock one in two ways that matter under load. The one connection
 * is handed over in FIFO order (the stock mutex wakes every waiter on each release, which is
 * quadratic with a thousand concurrent requests), and prepared statements are cached by SQL text
 * (the stock driver prepares every query again).
 */
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

const MAX_CACHED_STATEMENTS = 1000;

class CachedSqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly db: SQLite.Database) {}

  private prepare(sql: string): SQLite.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const stmt = this.prepare(sql);
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) as R[] });
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error('SQLite streams only select queries');
    // A statement being iterated is busy: streams get their own.
    const stmt = this.db.prepare(compiledQuery.sql);
    for (const row of stmt.iterate(compiledQuery.parameters)) yield { rows: [row as R] };
  }
}

class FifoSqliteDriver implements Driver {
  private readonly connection: CachedSqliteConnection;
  /** True while someone holds the connection (a query, a transaction, a ledger batch). */
  busy = false;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly db: SQLite.Database) {
    this.connection = new CachedSqliteConnection(db);
    drivers.set(db, this);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.connection);
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(this.connection)));
  }

  releaseConnection(): Promise<void> {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
    return Promise.resolve();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quote(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quote(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quote(name)}`));
  }

  async destroy(): Promise<void> {
    for (const close of closers.get(this.db) ?? []) close();
    this.db.close();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Kysely on one better-sqlite3 handle, with a FIFO connection hand-over and cached statements. */
export class FastSqliteDialect implements Dialect {
  constructor(private readonly database: SQLite.Database) {}
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new FifoSqliteDriver(this.database);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

const drivers = new WeakMap<SQLite.Database, FifoSqliteDriver>();
const closers = new WeakMap<SQLite.Database, (() => void)[]>();

/** Runs `close` when the Kysely instance on `handle` is destroyed (for files opened beside the database). */
export function onSqliteClose(handle: SQLite.Database, close: () => void): void {
  closers.set(handle, [...(closers.get(handle) ?? []), close]);
}
const rootHandles = new WeakMap<object, SQLite.Database>();
const exclusiveHandles = new WeakMap<object, SQLite.Database>();

/** Remembers the better-sqlite3 handle behind a root Kysely instance (`openStorage` does this). */
export function registerRawSqlite(db: object, handle: SQLite.Database): void {
  rootHandles.set(db, handle);
}

/** The better-sqlite3 handle behind a root Kysely instance: only for code that then holds the connection (the ledger writer). */
export function rawSqliteHandleOf(db: object): SQLite.Database | undefined {
  return rootHandles.get(db);
}

/**
 * The better-sqlite3 handle behind a root Kysely instance when nobody holds its connection right
 * now, else undefined. Work done on it synchronously (no await in between) is exactly what holding
 * the connection would give, without the hand-over's promises: for a channel's per-message
 * statements. While a transaction or a ledger batch holds the connection, go through Kysely and wait.
 */
export function idleSqliteHandleOf(db: object): SQLite.Database | undefined {
  const handle = rootHandles.get(db);
  return handle && drivers.get(handle)?.busy === false ? handle : undefined;
}

/** Marks a connection-bound Kysely instance as holding the one connection, so statements may go to the handle directly. */
export function registerExclusiveSqlite(conn: object, handle: SQLite.Database): void {
  exclusiveHandles.set(conn, handle);
}

/**
 * The better-sqlite3 handle when `db` holds the connection exclusively (inside the ledger writer's
 * batch): the hot statements then run on it directly, prepared once, skipping Kysely's per-query
 * cost. Undefined elsewhere, so nothing ever slips into another holder's transaction.
 */
export function rawSqliteOf(db: object): SQLite.Database | undefined {
  return exclusiveHandles.get(db);
}

const preparedStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * A statement on the raw handle, prepared once per handle and SQL text: for repositories whose
 * statements run on every charge, when they run on a connection held exclusively (`rawSqliteOf`).
 */
export function preparedOn(handle: SQLite.Database, text: string): SQLite.Statement {
  let statements = preparedStatements.get(handle);
  if (!statements) {
    statements = new Map();
    preparedStatements.set(handle, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    statement = handle.prepare(text);
    statements.set(text, statement);
  }
  return statement;
}
