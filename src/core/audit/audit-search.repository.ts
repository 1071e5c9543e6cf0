/** SQL for searching the audit trail by actor, subject, action, time and interaction (supervisors). */
import type { Kysely } from 'kysely';
import type { AuditRow, Database } from '../../db/schema.ts';

export type AuditFilter = {
  actorId?: string | undefined;
  actorType?: string | undefined;
  subjectId?: string | undefined;
  /** A prefix such as `auth.` or the whole action. */
  action?: string | undefined;
  channel?: string | undefined;
  interactionId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Rows with a smaller id than this (paging backwards). */
  beforeId?: number | undefined;
  limit: number;
};

export async function searchAuditRows(db: Kysely<Database>, f: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
  if (f.actorType !== undefined) q = q.where('actor_type', '=', f.actorType);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.action !== undefined)
    q = q.where((eb) => eb.or([eb('action', '=', f.action!), eb('action', 'like', `${f.action!.replace(/[%_]/g, '')}%`)]));
  if (f.channel !== undefined) q = q.where('channel', '=', f.channel);
  if (f.interactionId !== undefined) q = q.where('interaction_id', '=', f.interactionId);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
