/**
 * Every persistence test runs on every database: `describeEachDatabase` repeats a suite on a fresh
 * SQLite file and on a fresh PostgreSQL schema. Without PostgreSQL the PostgreSQL half skips and
 * says why, unless KABINET_REQUIRE_ALL=1, which turns a missing database into a failure.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStorage, type DatabaseTarget, type Storage } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const PG_URL = process.env.KABINET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_ALL = process.env.KABINET_REQUIRE_ALL === '1';

export type DatabaseKind = 'sqlite' | 'postgres';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();

/** Why a database cannot be used here, or undefined when it can. Throws under KABINET_REQUIRE_ALL=1. */
export function unavailable(kind: DatabaseKind): string | undefined {
  if (kind === 'sqlite' || pgProblem === undefined) return undefined;
  const reason = `PostgreSQL at ${PG_URL} is not reachable (${pgProblem})`;
  if (REQUIRE_ALL) throw new Error(`${reason}; KABINET_REQUIRE_ALL=1 forbids skipping`);
  return reason;
}

/** A fresh, migrated database of the given kind; `drop` removes it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<{ storage: Storage; target: DatabaseTarget; drop(): Promise<void> }> {
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-test-'));
    const target: DatabaseTarget = { kind: 'sqlite', file: path.join(dir, `${name}.db`) };
    const storage = openStorage(target);
    await migrateToLatest(storage.db);
    return {
      storage,
      target,
      drop: async () => {
        await storage.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${name}`);
  await admin.end();
  const target: DatabaseTarget = { kind: 'postgres', url: PG_URL, schema: name };
  const storage = openStorage(target);
  await migrateToLatest(storage.db, name);
  return {
    storage,
    target,
    drop: async () => {
      await storage.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${name} cascade`);
      await c.end();
    },
  };
}

/**
 * Runs `suite` once per database. `db()` returns the suite's storage (created before, dropped after).
 */
export function describeEachDatabase(title: string, suite: (db: () => Storage, kind: DatabaseKind) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    const reason = unavailable(kind);
    if (reason) {
      console.warn(`[skip] ${title} [${kind}]: ${reason}`);
      describe.skip(`${title} [${kind}]`, () => suite(() => undefined as never, kind));
      continue;
    }
    describe(`${title} [${kind}]`, () => {
      let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await handle?.drop();
      });
      suite(() => {
        if (!handle) throw new Error('database not created yet');
        return handle.storage;
      }, kind);
    });
  }
}
