/** SQL for sessions: looked up by the SHA-256 of their token; revoked by a timestamp. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type SessionRow = Selectable<SessionsTable>;

export async function insertSession(db: Db, session: Omit<SessionRow, 'id' | 'revoked_at'>): Promise<number> {
  const row = await db
    .insertInto('sessions')
    .values({ ...session, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

export async function revokeSessionRow(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every live session of one principal; returns how many. */
export async function revokeSessionsOf(db: Db, roles: string[], principalId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('role', 'in', roles)
    .where('principal_id', '=', principalId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
