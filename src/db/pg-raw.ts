/**
 * The pg pool behind a PostgreSQL Kysely instance, and single-client Kysely instances for code
 * that holds one connection for a while (the ledger writer's batches). On such an instance the
 * hottest statements may go to the client directly as named prepared statements (parsed and
 * planned once per connection), the way `sqlite-driver.ts` does for SQLite.
 */
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.ts';

const pools = new WeakMap<object, pg.Pool>();
const clients = new WeakMap<object, pg.PoolClient>();
const bound = new WeakMap<pg.PoolClient, Kysely<Database>>();

/** Remembers the pool behind a root Kysely instance (`openStorage` does this). */
export function registerPgPool(db: object, pool: pg.Pool): void {
  pools.set(db, pool);
}

/** The pool behind a root Kysely instance: only for code that then holds a client (the ledger writer). */
export function pgPoolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}

const queues = new WeakMap<pg.PoolClient, Promise<unknown>>();

/**
 * A statement on a held client, after the ones sent to it before: the concurrent writes of a batch
 * share the client (pg 8 queues a query sent while another runs, with a deprecation warning; pg 9
 * refuses it). Every statement on a held client goes through here, Kysely's included.
 */
export function queryOn<R extends pg.QueryResultRow = pg.QueryResultRow>(
  client: pg.PoolClient,
  query: pg.QueryConfig | string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  const previous = queues.get(client) ?? Promise.resolve();
  const result = previous.then(() => (typeof query === 'string' ? client.query<R>(query, values) : client.query<R>(query)));
  queues.set(
    client,
    result.catch(() => undefined),
  );
  return result;
}

/** A Kysely instance whose every query runs on `client` (which the caller holds and releases). */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  let db = bound.get(client);
  if (!db) {
    const held = { query: (text: string, values?: unknown[]) => queryOn(client, text, values), release: () => undefined };
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: () => Promise.resolve(held) } as never }) });
    bound.set(client, db);
    clients.set(db, client);
  }
  return db;
}

/** The pg client when `db` runs on one held client (inside the ledger writer's batch); undefined elsewhere. */
export function rawPgOf(db: object): pg.PoolClient | undefined {
  return clients.get(db);
}

/**
 * Rows a batch's writes leave to its end: on a held client whose batch has tails open (the ledger
 * writer's batch run without savepoints), a statement whose rows nobody in the batch reads back
 * (receipts, spend counters, idempotency keys) may gather them here and have them written in one
 * statement just before COMMIT (`flush`), instead of a round trip per write. A flush that finds its
 * rows refused (a key taken meanwhile) throws: the batch is then undone and run again without tails.
 */
export interface BatchTail {
  flush(client: pg.PoolClient): Promise<void>;
}

const tails = new WeakMap<pg.PoolClient, Map<string, BatchTail>>();

/** The ledger writer: this client's batch may leave rows to its end (until `closeBatchTails`). */
export function openBatchTails(client: pg.PoolClient): void {
  tails.set(client, new Map());
}

/** The batch's tail called `name` (made by `create` on first use), or undefined when the batch keeps no tails. */
export function batchTailOf<T extends BatchTail>(db: object, name: string, create: () => T): T | undefined {
  const client = clients.get(db);
  const open = client && tails.get(client);
  if (!open) return undefined;
  let tail = open.get(name) as T | undefined;
  if (!tail) {
    tail = create();
    open.set(name, tail);
  }
  return tail;
}

/** The ledger writer, before COMMIT: writes every tail of the batch and closes them. */
export async function flushBatchTails(client: pg.PoolClient): Promise<void> {
  const open = tails.get(client);
  tails.delete(client);
  for (const tail of open?.values() ?? []) await tail.flush(client);
}

/** The ledger writer, when a batch ends otherwise (rolled back): forgets its tails. */
export function closeBatchTails(client: pg.PoolClient): void {
  tails.delete(client);
}
