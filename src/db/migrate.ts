/** Runs the migrations in `migrations/index.ts` to the latest, on either engine. */
import { Migrator, sql } from 'kysely';
import { dialectOf } from './dialect.ts';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // Migrations see the database untyped: they describe it before the types do.
  // On PostgreSQL Kysely looks for its own tables in every schema unless told which one: name the
  // current schema, or a concurrent run in another schema of the same database breaks this one.
  const schema =
    dialectOf(db as unknown as Kysely<unknown>) === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
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
