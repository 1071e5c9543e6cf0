/** SQL for USSD sessions: one row per live dialogue, shared by every app process, expiring by time. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { channelDb } from '../channel-tables.ts';

export type UssdSessionRow = { sessionKey: string; number: string; state: string; steps: number; expiresAt: string };

/** The live session under `key`, or undefined when there is none or it expired. */
export async function findLiveSession(db: Kysely<Database>, key: string, now: string): Promise<UssdSessionRow | undefined> {
  const row = await channelDb(db)
    .selectFrom('ussd_sessions')
    .select(['session_key', 'number', 'state', 'steps', 'expires_at'])
    .where('session_key', '=', key)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row
    ? { sessionKey: row.session_key, number: row.number, state: row.state, steps: Number(row.steps), expiresAt: row.expires_at }
    : undefined;
}

/** Whether `key` is held by a live session of another number. */
export async function sessionOwner(db: Kysely<Database>, key: string, now: string): Promise<string | undefined> {
  return (await findLiveSession(db, key, now))?.number;
}

/** Creates or replaces the session (a new dialogue may reuse a gateway's id after expiry). */
export async function saveSession(db: Kysely<Database>, s: UssdSessionRow, now: string): Promise<void> {
  await channelDb(db)
    .insertInto('ussd_sessions')
    .values({
      session_key: s.sessionKey,
      number: s.number,
      state: s.state,
      steps: s.steps,
      started_at: now,
      updated_at: now,
      expires_at: s.expiresAt,
    })
    .onConflict((oc) =>
      oc.column('session_key').doUpdateSet({ number: s.number, state: s.state, steps: s.steps, updated_at: now, expires_at: s.expiresAt }),
    )
    .execute();
}

export async function endSession(db: Kysely<Database>, key: string): Promise<void> {
  await channelDb(db).deleteFrom('ussd_sessions').where('session_key', '=', key).execute();
}

/** Removes expired sessions; returns how many. */
export async function purgeExpiredSessions(db: Kysely<Database>, now: string): Promise<number> {
  const r = await channelDb(db).deleteFrom('ussd_sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
