import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/core/context.ts';
import { openStorage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { seedSynthetic } from '../src/seed/synthetic.ts';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  SQLITE_FILE: path.join(dir, 'p.db'),
  KABINET_PROFILES_DIR: path.resolve('profiles'),
  RATE_LIMIT_PER_MINUTE: '10000000',
});
const profile = loadProfile(config.profile.dir);
const storage = openStorage(config.database);
await migrateToLatest(storage.db);
await seedSynthetic(storage, profile, { subscribers: Number(process.argv[2]), seed: 7 });
console.log(fs.readdirSync(dir).map((f) => `${f} ${(fs.statSync(path.join(dir, f)).size / 1e6).toFixed(0)}MB`));
const numbers = storage.sqlite!.prepare('select number from lines order by random() limit 2000').pluck().all() as string[];
const app = await buildApp(config, { storage, profile, clock: systemClock });
await app.ready();
const measure = async (label: string) => {
  const t0 = performance.now();
  const N = 1000;
  for (let i = 0; i < N; i++) await app.inject(`/api/v1/lines/${encodeURIComponent(numbers[i % numbers.length]!)}`);
  console.log(label, ((performance.now() - t0) / N).toFixed(3), 'ms/req');
  const s = storage.sqlite!;
  const t1 = performance.now();
  for (let i = 0; i < N; i++) s.prepare('select * from lines where number = ?').get(numbers[i % numbers.length]);
  console.log(label, 'raw line lookup', ((performance.now() - t1) / N).toFixed(3), 'ms');
};
await measure('before');
await measure('again');
console.log(storage.sqlite!.pragma('wal_checkpoint(TRUNCATE)'));
await measure('after checkpoint');
await app.close();
await storage.close();
fs.rmSync(dir, { recursive: true });
