/** Runs the migrations in `migrations/index.ts` to the latest, on either engine. */
import { Migrator } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  // Migrations see the database untyped: they describe it before the types do.
  // `schema` (PostgreSQL): keep Kysely's bookkeeping tables there; without it Kysely looks for them
  // in every schema and races with other schemas being migrated at the same time.
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
