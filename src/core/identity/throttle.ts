/**
 * Caps on guesses and on sends, the same for every secret: a slot is taken BEFORE a guess is
 * checked (one guarded statement), so parallel guesses cannot get past the cap; a success clears
 * the counter; the failure that uses the last slot locks the key until a given time.
 */
import type { CoreDeps } from '../context.ts';
import {
  clearThrottle,
  lockThrottle,
  readThrottle,
  releaseThrottleSlot,
  restartThrottleIfStale,
  takeThrottleSlot,
} from './throttle.repository.ts';

export type Slot = { ok: true; count: number } | { ok: false; until: Date };

/**
 * Takes a guess slot on `key`. `allowedFailures` wrong guesses in a row are tolerated; the next
 * wrong one locks the key for `lockMs` (S3.4: "more than 3 wrong codes block access for 24 hours").
 */
export async function takeGuess(deps: Pick<CoreDeps, 'db' | 'clock'>, key: string, allowedFailures: number, lockMs: number): Promise<Slot> {
  const now = deps.clock.now();
  const before = await readThrottle(deps.db, key);
  // A locked key answers at once: one read, no hashing.
  if (before?.lockedUntil && new Date(before.lockedUntil) > now) return { ok: false, until: new Date(before.lockedUntil) };
  if (before?.lockedUntil) await restartThrottleIfStale(deps.db, key, now.toISOString(), null);
  const count = await takeThrottleSlot(deps.db, key, allowedFailures + 1, now.toISOString());
  if (count !== undefined) return { ok: true, count };
  const row = await readThrottle(deps.db, key);
  return { ok: false, until: row?.lockedUntil ? new Date(row.lockedUntil) : new Date(now.getTime() + lockMs) };
}

/** Records the outcome of a guess taken with `takeGuess`; says until when the key is now locked, if this failure locked it. */
export async function settleGuess(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  key: string,
  slot: { count: number },
  success: boolean,
  allowedFailures: number,
  lockMs: number,
): Promise<{ lockedUntil: Date | undefined }> {
  if (success) {
    await clearThrottle(deps.db, key);
    return { lockedUntil: undefined };
  }
  if (slot.count <= allowedFailures) return { lockedUntil: undefined };
  const until = new Date(deps.clock.now().getTime() + lockMs);
  await lockThrottle(deps.db, key, until.toISOString());
  return { lockedUntil: until };
}

/** The end of the current lock of `key`, if it is locked now. */
export async function lockedUntil(deps: Pick<CoreDeps, 'db' | 'clock'>, key: string): Promise<Date | undefined> {
  const row = await readThrottle(deps.db, key);
  if (!row?.lockedUntil) return undefined;
  const until = new Date(row.lockedUntil);
  return until > deps.clock.now() ? until : undefined;
}

/** Takes one of `limit` slots in a fixed window of `windowMs` (codes sent per number per hour). */
export async function takeWindowSlot(deps: Pick<CoreDeps, 'db' | 'clock'>, key: string, limit: number, windowMs: number): Promise<Slot> {
  const now = deps.clock.now();
  const before = await readThrottle(deps.db, key);
  const windowEnd = (row: { windowStart: string }) => new Date(new Date(row.windowStart).getTime() + windowMs);
  // A full window answers at once with one read.
  if (before && before.count >= limit && windowEnd(before) > now) return { ok: false, until: windowEnd(before) };
  if (before) await restartThrottleIfStale(deps.db, key, now.toISOString(), new Date(now.getTime() - windowMs).toISOString());
  const count = await takeThrottleSlot(deps.db, key, limit, now.toISOString());
  if (count !== undefined) return { ok: true, count };
  const row = await readThrottle(deps.db, key);
  return { ok: false, until: row ? windowEnd(row) : new Date(now.getTime() + windowMs) };
}

/**
 * Takes a slot for an attempt from a source (an IP address) in a fixed window of `windowMs`:
 * more than `limit` attempts that did not succeed lock the source for `lockMs`. The slot is taken
 * before the guess is checked (so parallel guesses cannot pass the cap) and given back by
 * `releaseSourceSlot` on success; successes never clear the count, so one good account cannot
 * reset it for an attacker.
 */
export async function takeSourceSlot(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  key: string,
  limit: number,
  windowMs: number,
  lockMs: number,
): Promise<Slot> {
  const now = deps.clock.now();
  const before = await readThrottle(deps.db, key);
  if (before?.lockedUntil && new Date(before.lockedUntil) > now) return { ok: false, until: new Date(before.lockedUntil) };
  if (before) await restartThrottleIfStale(deps.db, key, now.toISOString(), new Date(now.getTime() - windowMs).toISOString());
  const count = await takeThrottleSlot(deps.db, key, limit, now.toISOString());
  if (count !== undefined) return { ok: true, count };
  const until = new Date(now.getTime() + lockMs);
  await lockThrottle(deps.db, key, until.toISOString());
  return { ok: false, until };
}

export async function releaseSourceSlot(deps: Pick<CoreDeps, 'db'>, key: string): Promise<void> {
  await releaseThrottleSlot(deps.db, key);
}

export { clearThrottle };
