/**
 * Slow salted hashes for secrets people choose or receive (passwords, contract passwords, one-time
 * and access codes): scrypt from node:crypto with a fresh 16-byte salt per secret, compared in
 * constant time. High-entropy random tokens (sessions, gateway secrets) use `hashToken` (SHA-256).
 *
 * A stored hash reads `scrypt$N$r$p$salt$hash` (base64url), so the cost can rise without a migration.
 */
import crypto from 'node:crypto';

export type HashingParams = { cost: number; blockSize: number; parallelization: number };

/** Production default: N=2^15, r=8, p=1 (about 32 MiB and tens of milliseconds per hash). */
export const STRONG_HASHING: HashingParams = { cost: 32_768, blockSize: 8, parallelization: 1 };

const KEY_LENGTH = 32;

function scrypt(secret: string, salt: Buffer, p: HashingParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      secret.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: p.cost, r: p.blockSize, p: p.parallelization, maxmem: 256 * p.cost * p.blockSize + 1_048_576 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** Hashes a secret with a fresh salt. */
export async function hashSecret(secret: string, params: HashingParams): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(secret, salt, params);
  return ['scrypt', params.cost, params.blockSize, params.parallelization, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `secret` matches `stored`; constant time in the secret. A malformed hash never matches. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number);
  if (!cost || !blockSize || !parallelization) return false;
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  const actual = await scrypt(secret, Buffer.from(parts[4] ?? '', 'base64url'), { cost, blockSize, parallelization });
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

const dummies = new Map<string, Promise<string>>();

/**
 * Does the work of a verification that cannot succeed: used when there is no stored secret (an
 * unknown number), so its answer takes as long as for a known one.
 */
export async function verifyNothing(secret: string, params: HashingParams): Promise<false> {
  const key = `${params.cost}/${params.blockSize}/${params.parallelization}`;
  let dummy = dummies.get(key);
  if (!dummy) {
    dummy = hashSecret(crypto.randomBytes(16).toString('base64url'), params);
    dummies.set(key, dummy);
  }
  await verifySecret(secret, await dummy);
  return false;
}

/** SHA-256 (base64url) of a high-entropy random token: enough to make a stolen table useless. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

/** A new opaque random token: 32 bytes, base64url. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** `digits` random decimal digits from the operating system's secure source. */
export function randomDigits(digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += String(crypto.randomInt(10));
  return out;
}

/** Constant-time equality of two hashes given as strings. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
