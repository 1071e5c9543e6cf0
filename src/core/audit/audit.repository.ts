/** The audit trail: one row per state change, whoever made it and through whichever channel. */
import type { Kysely } from 'kysely';
import type { AuditRow, Database } from '../../db/schema.ts';
import type { Actor } from '../context.ts';

type Db = Kysely<Database>;

export type AuditEntry = {
  action: string;
  subjectType: string;
  subjectId: string;
  lineId: number | null;
  before: unknown;
  after: unknown;
};

export async function writeAudit(db: Db, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor_type: actor.type,
      actor_id: actor.id,
      channel: actor.channel,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      line_id: entry.lineId,
      interaction_id: actor.interactionId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export async function listAuditForLine(db: Db, lineId: number, limit = 100): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where('line_id', '=', lineId).orderBy('id', 'desc').limit(limit).execute();
}
