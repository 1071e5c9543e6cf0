/** An audit row as the core hands it out: JSON before/after parsed, names in camelCase. */
import type { AuditRow } from '../../db/schema.ts';

export type AuditEntryView = {
  id: number;
  at: string;
  actorType: string;
  actorId: string;
  channel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  interactionId: string | null;
  before: unknown;
  after: unknown;
};

export function toAuditEntry(r: AuditRow): AuditEntryView {
  return {
    id: Number(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    channel: r.channel,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    interactionId: r.interaction_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
  };
}
