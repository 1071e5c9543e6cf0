/** Runs the migrations in `migrations/index.ts` to the latest, on either engine. */
import { Migrator, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Migrations see the database untyped: they describe it before the types do.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const untyped = db as Kysely<any>;
  const migrator = new Migrator({
    db: untyped,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(await migrationTableSchema(untyped)),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

/**
 * Kysely looks for its own tables in every schema, so a PostgreSQL database used through another
 * schema than `public` (one per test suite) would find another suite's tables: name the schema.
 */
async function migrationTableSchema(db: Kysely<unknown>): Promise<{ migrationTableSchema?: string }> {
  if (dialectOf(db) !== 'postgres') return {};
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  return schema && schema !== 'public' ? { migrationTableSchema: schema } : {};
}
