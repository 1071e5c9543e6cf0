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

/** A Kysely instance whose every query runs on `client` (which the caller holds and releases). */
export function kyselyOnClient(client: pg.PoolClient): Kysely<Database> {
  let db = bound.get(client);
  if (!db) {
    const held = { query: client.query.bind(client), release: () => undefined };
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
