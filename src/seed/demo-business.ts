/**
 * Demo data of the business cabinet (S4.8): the PUKs of the profile's demo lines (stored only as
 * scrypt hashes) and an operator admin (`demo-admin`) who reviews companies' applications. The
 * admin gets a fresh random password at every start in demo mode, which `kabinet start` prints.
 */
import type { Kysely } from 'kysely';
import crypto from 'node:crypto';
import { hasPuk, insertPukHash, setStaffPasswordHash } from '../core/business/business.repository.ts';
import { findStaffByLogin, insertStaff } from '../core/identity/credential.repository.ts';
import { hashSecret, type HashingParams } from '../core/identity/secret-hash.ts';
import { findLineByNumber } from '../core/subscribers/line.repository.ts';
import { toE164 } from '../core/subscribers/phone-number.ts';
import type { Database } from '../db/schema.ts';
import type { Profile } from '../profiles/profile.ts';

export const DEMO_ADMIN_LOGIN = 'demo-admin';

/** Stores the hash of every demo line's PUK that has none yet (hashed in parallel); returns how many were stored. */
export async function loadDemoPuks(db: Kysely<Database>, profile: Profile, hashing: HashingParams, now: Date): Promise<number> {
  const missing: { lineId: number; puk: string }[] = [];
  for (const customer of profile.demo) {
    for (const demoLine of customer.lines) {
      if (!demoLine.puk) continue;
      const line = await findLineByNumber(db, toE164(demoLine.number, profile.country));
      if (line && !(await hasPuk(db, line.id))) missing.push({ lineId: line.id, puk: demoLine.puk });
    }
  }
  const hashes = await Promise.all(missing.map((m) => hashSecret(m.puk, hashing)));
  let stored = 0;
  for (const [i, m] of missing.entries()) if (await insertPukHash(db, m.lineId, hashes[i]!, now.toISOString())) stored++;
  return stored;
}

/** Creates the demo operator admin, or gives it a new password; returns the password (demo mode only). */
export async function resetDemoOperatorAdmin(db: Kysely<Database>, hashing: HashingParams, now: Date): Promise<string> {
  const password = `demo-${crypto.randomBytes(9).toString('base64url')}`;
  const hash = await hashSecret(password, hashing);
  const existing = await findStaffByLogin(db, DEMO_ADMIN_LOGIN);
  if (existing) await setStaffPasswordHash(db, Number(existing.id), hash);
  else
    await insertStaff(db, {
      login: DEMO_ADMIN_LOGIN,
      role: 'operator-admin',
      name: 'Demo operator admin',
      customer_id: null,
      password_hash: hash,
      created_at: now.toISOString(),
    });
  return password;
}

/** Both of the above at once (scrypt runs in the thread pool); returns the demo admin's new password. */
export async function prepareDemoBusiness(db: Kysely<Database>, profile: Profile, hashing: HashingParams, now: Date): Promise<string> {
  const [, password] = await Promise.all([loadDemoPuks(db, profile, hashing, now), resetDemoOperatorAdmin(db, hashing, now)]);
  return password;
}
