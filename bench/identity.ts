/**
 * Identity costs on this machine, each against a baseline measured in the same run:
 * - scrypt verifications per second at the production cost (N=32768) and at N=16384, 4 at a time
 *   (the libuv pool), against SHA-256 hashes per second;
 * - session resolutions per second (SHA-256 + indexed SELECT on SQLite) against `select 1`;
 * - guesses refused per second while a key is locked (one read) against `select 1`.
 * The last line is a JSON object with figures and ratios.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { CoreDeps } from '../src/core/context.ts';
import { hashSecret, verifySecret, type HashingParams } from '../src/core/identity/secret-hash.ts';
import { issueSession, resolveSession } from '../src/core/identity/session.ts';
import { settleGuess, takeGuess } from '../src/core/identity/throttle.ts';
import { openStorage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { loadDemoData } from '../src/seed/demo.ts';

async function rate(seconds: number, parallel: number, op: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < end) {
        await op();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

export default async function identityBench(): Promise<void> {
  const strong: HashingParams = { cost: 32_768, blockSize: 8, parallelization: 1 };
  const medium: HashingParams = { cost: 16_384, blockSize: 8, parallelization: 1 };
  const strongHash = await hashSecret('correct horse 1', strong);
  const mediumHash = await hashSecret('correct horse 1', medium);
  const sha256PerSecond = await rate(1, 1, () => Promise.resolve(crypto.createHash('sha256').update('x'.repeat(43)).digest()));
  const scryptStrongPerSecond = await rate(3, 4, () => verifySecret('wrong horse 1', strongHash));
  const scryptMediumPerSecond = await rate(3, 4, () => verifySecret('wrong horse 1', mediumHash));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-'));
  const storage = openStorage({ kind: 'sqlite', file: path.join(dir, 'bench.db') });
  try {
    await migrateToLatest(storage.db);
    const profile = loadProfile(path.resolve(import.meta.dirname, '../profiles/mts-ru'));
    await loadDemoData(storage.db, profile, new Date());
    const deps: CoreDeps = { db: storage.db, profile, clock: { now: () => new Date() } };
    const grant = await issueSession(
      deps,
      { role: 'subscriber', id: '+79160000001', lineId: 1, customerId: 1, staffId: null, channel: 'web' },
      { absoluteMinutes: 60, idleMinutes: 60 },
    );
    const select1PerSecond = await rate(2, 1, () => sql`select 1`.execute(storage.db));
    const sessionsPerSecond = await rate(2, 1, () => resolveSession(deps, grant.token));
    for (let i = 0; i < 6; i++) {
      const slot = await takeGuess(deps, 'login:bench', 5, 3_600_000);
      if (slot.ok) await settleGuess(deps, 'login:bench', slot, false, 5, 3_600_000);
    }
    const lockedRefusalsPerSecond = await rate(2, 1, () => takeGuess(deps, 'login:bench', 5, 3_600_000));
    const result = {
      cpus: os.cpus().length,
      sha256PerSecond: Math.round(sha256PerSecond),
      scryptN32768VerifiesPerSecond: Math.round(scryptStrongPerSecond),
      scryptN16384VerifiesPerSecond: Math.round(scryptMediumPerSecond),
      scryptN32768MsEach: Number((4000 / scryptStrongPerSecond).toFixed(1)),
      ratioScryptToSha256: Number((scryptStrongPerSecond / sha256PerSecond).toExponential(2)),
      sqliteSelect1PerSecond: Math.round(select1PerSecond),
      sessionResolvesPerSecond: Math.round(sessionsPerSecond),
      ratioSessionToSelect1: Number((sessionsPerSecond / select1PerSecond).toFixed(2)),
      lockedRefusalsPerSecond: Math.round(lockedRefusalsPerSecond),
      ratioLockedRefusalToSelect1: Number((lockedRefusalsPerSecond / select1PerSecond).toFixed(2)),
    };
    console.log(`scrypt N=32768: ${result.scryptN32768VerifiesPerSecond}/s with 4 in parallel (~${result.scryptN32768MsEach} ms each)`);
    console.log(`session resolve: ${result.sessionResolvesPerSecond}/s (${result.ratioSessionToSelect1} x select 1)`);
    console.log(JSON.stringify(result));
  } finally {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
