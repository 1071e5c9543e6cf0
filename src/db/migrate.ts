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
  // On PostgreSQL keep the migration tables in the connection's own schema: otherwise Kysely sees
  // another schema's lock table (parallel test schemas) and skips creating its own.
  const schema =
    dialectOf(untyped) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(untyped)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: untyped,
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
