/** SQL for throttles: a counter per key (`login:+7916...`) in a window, and the lockout it caused. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type ThrottleRow = { count: number; windowStart: string; lockedUntil: string | null };

export async function readThrottle(db: Db, key: string): Promise<ThrottleRow | undefined> {
  const row = await db.selectFrom('identity_throttles').selectAll().where('key', '=', key).executeTakeFirst();
  return row && { count: Number(row.count), windowStart: row.window_start, lockedUntil: row.locked_until };
}

/** Starts a new window (count 0, no lock) when the lock has ended or the window began before `cutoff`. */
export async function restartThrottleIfStale(db: Db, key: string, now: string, cutoff: string | null): Promise<void> {
  await db
    .updateTable('identity_throttles')
    .set({ count: 0, window_start: now, locked_until: null })
    .where('key', '=', key)
    .where((eb) =>
      eb.or([
        eb.and([eb('locked_until', 'is not', null), eb('locked_until', '<=', now)]),
        ...(cutoff === null ? [] : [eb.and([eb('locked_until', 'is', null), eb('window_start', '<=', cutoff)])]),
      ]),
    )
    .execute();
}

/**
 * Takes one slot: the counter goes up by one unless it already reached `limit` or the key is locked.
 * Returns the new count, or undefined when no slot was left. One statement: safe under concurrency.
 */
export async function takeThrottleSlot(db: Db, key: string, limit: number, now: string): Promise<number | undefined> {
  const row = await db
    .insertInto('identity_throttles')
    .values({ key, count: 1, window_start: now, locked_until: null })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({ count: sql<number>`identity_throttles.count + 1` })
        .where('identity_throttles.count', '<', limit)
        .where('identity_throttles.locked_until', 'is', null),
    )
    .returning('count')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.count);
}

/** Gives back a slot taken by an attempt that succeeded. */
export async function releaseThrottleSlot(db: Db, key: string): Promise<void> {
  await db
    .updateTable('identity_throttles')
    .set({ count: sql<number>`count - 1` })
    .where('key', '=', key)
    .where('count', '>', 0)
    .execute();
}

export async function lockThrottle(db: Db, key: string, until: string): Promise<void> {
  await db.updateTable('identity_throttles').set({ locked_until: until }).where('key', '=', key).execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('identity_throttles').where('key', '=', key).execute();
}
