/** SQL that differs between SQLite and PostgreSQL, in one place. */
import type { CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

export type DialectKind = 'sqlite' | 'postgres';

/** Which engine a Kysely instance talks to (migrations receive a bare `Kysely<any>`). */
export function dialectOf(db: Kysely<unknown>): DialectKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Adds an integer surrogate key `id`: `integer primary key` on SQLite, an identity column on PostgreSQL. */
export function withId<T extends string>(table: CreateTableBuilder<T>, kind: DialectKind): CreateTableBuilder<T, 'id'> {
  return kind === 'postgres'
    ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** The integer type for money and references: `bigint` on PostgreSQL, `integer` (64-bit) on SQLite. */
export function bigint(kind: DialectKind): 'bigint' | 'integer' {
  return kind === 'postgres' ? 'bigint' : 'integer';
}

export { sql };
