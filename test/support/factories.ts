/** Test data: profiles from the repository, a fixed clock, a loaded demo database, a built app. */
import path from 'node:path';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Actor, Clock, CoreDeps } from '../../src/core/context.ts';
import type { Storage } from '../../src/db/connect.ts';
import { loadProfile } from '../../src/profiles/load.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { loadDemoData } from '../../src/seed/demo.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const PROFILE_IDS = ['mts-ru', 'telekom-hu', 'tele2-ru'] as const;

const cache = new Map<string, Profile>();
export function profile(id: (typeof PROFILE_IDS)[number] = 'mts-ru'): Profile {
  let p = cache.get(id);
  if (!p) {
    p = loadProfile(path.join(REPO_ROOT, 'profiles', id));
    cache.set(id, p);
  }
  return p;
}

export function fixedClock(iso = '2026-11-21T10:00:00.000Z'): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (next: string) => (now = new Date(next)) };
}

export const demoActor: Actor = { type: 'demo', id: 'test', channel: 'api' };

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KABINET_PROFILES_DIR: path.join(REPO_ROOT, 'profiles'), ...overrides });
}

export async function demoDeps(storage: Storage, profileId: (typeof PROFILE_IDS)[number] = 'mts-ru'): Promise<CoreDeps> {
  const p = profile(profileId);
  await loadDemoData(storage.db, p, new Date('2026-11-01T00:00:00.000Z'));
  return { db: storage.db, profile: p, clock: fixedClock() };
}

export async function demoApp(
  storage: Storage,
  profileId: (typeof PROFILE_IDS)[number] = 'mts-ru',
  env: Record<string, string> = {},
  extra: Partial<Pick<AppDeps, 'sms' | 'channels'>> = {},
) {
  const deps = await demoDeps(storage, profileId);
  const app = await buildApp(testConfig({ KABINET_PROFILE: profileId, ...env }), {
    storage,
    profile: deps.profile,
    clock: deps.clock,
    ...extra,
  });
  await app.ready();
  return { app, deps };
}

/** Row counts of every table: a write-nothing assertion compares two of these. */
export async function tableCounts(storage: Storage): Promise<Record<string, number>> {
  const tables = [
    'customers',
    'lines',
    'tariff_history',
    'line_services',
    'blocked_numbers',
    'accounts',
    'transfers',
    'audit_log',
    'promised_payments',
    'fee_charges',
    'usage_batches',
    'usage_records',
    'spend_daily',
    'spend_monthly',
    'sms_outbox',
    'identity_codes',
    'identity_throttles',
    'web_credentials',
    'staff_users',
    'gateway_clients',
    'sessions',
    'contract_passwords',
    'access_codes',
    'interactions',
    'voiceprints',
    'holds',
    'ledger_counters',
    'idempotency_keys',
    'line_puks',
    'business_applications',
    'payments',
  ] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const row = await storage.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[t] = Number(row.n);
  }
  return counts;
}
