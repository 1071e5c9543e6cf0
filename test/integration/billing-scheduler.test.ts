/** The server starts the billing scheduler only when configured, and stops it on shutdown (SQLite file; the server opens its own storage). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/db/connect.ts';
import { startServer } from '../../src/server.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadDemoData } from '../../src/seed/demo.ts';
import { profile, testConfig } from '../support/factories.ts';

describe('billing scheduler in the server', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-scheduler-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function feeRows(file: string): Promise<number> {
    const storage = openStorage({ kind: 'sqlite', file });
    try {
      const row = await storage.db
        .selectFrom('fee_charges')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await storage.close();
    }
  }

  it('is off in tests unless enabled; when enabled it charges on start and stops with the server', async () => {
    const off = path.join(dir, 'off.db');
    const quiet = await startServer(testConfig({ SQLITE_FILE: off, PORT: '0', KABINET_PROFILE: 'tele2-ru' }), () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await quiet.stop();
    expect(await feeRows(off)).toBe(0);

    // Demo lines opened long ago: the current periods are whole periods of their subscriptions.
    const on = path.join(dir, 'on.db');
    const seeded = openStorage({ kind: 'sqlite', file: on });
    await migrateToLatest(seeded.db);
    await loadDemoData(seeded.db, profile('tele2-ru'), new Date('2026-01-01T00:00:00.000Z'));
    await seeded.close();
    const server = await startServer(
      testConfig({ SQLITE_FILE: on, PORT: '0', KABINET_PROFILE: 'tele2-ru', BILLING_INTERVAL_SECONDS: '1' }),
      () => undefined,
    );
    const deadline = Date.now() + 10_000;
    while ((await feeRows(on)) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await server.stop();
    const charged = await feeRows(on);
    expect(charged).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await feeRows(on)).toBe(charged); // stopped: no further runs, and the same period is never charged twice anyway
  });
});
