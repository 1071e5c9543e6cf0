/** Runs the migrations in `migrations/index.ts` to the latest, on either engine. */
import { Migrator, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { dialectOf } from './dialect.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // On PostgreSQL the migration tables live in the current schema: without naming it, Kysely finds
  // them in any schema (another test database) and skips creating its own.
  const schema =
    dialectOf(db as Kysely<unknown>) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    // Migrations see the database untyped: they describe it before the types do.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    db: db as Kysely<any>,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`Migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
