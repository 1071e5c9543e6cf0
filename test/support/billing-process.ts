/**
 * A second app process for billing tests: `node --import tsx test/support/billing-process.ts <sqlite-file> <profile> <iso-time> <days> <go-at-ms>`
 * waits until the wall clock reaches `go-at-ms`, then runs the billing cycle once per day for `days` days from
 * `iso-time` against the same SQLite file, and prints "done".
 */
import path from 'node:path';
import { runBillingCycle } from '../../src/core/billing/run-billing-cycle.ts';
import { openStorage } from '../../src/db/connect.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import { fixedClock, REPO_ROOT } from './factories.ts';

const [file, profileId, at, days, goAt] = process.argv.slice(2);
const storage = openStorage({ kind: 'sqlite', file: file! });
try {
  const clock = fixedClock(at);
  const deps = { db: storage.db, profile: loadProfile(path.join(REPO_ROOT, 'profiles', profileId!)), clock };
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(goAt) - Date.now())));
  for (let i = 0; i < Number(days); i++) {
    clock.set(new Date(Date.parse(at!) + i * 86_400_000).toISOString());
    await runBillingCycle(deps);
  }
  console.log('done');
} finally {
  await storage.close();
}
