/** Searches the audit trail (who did what, on which channel, to whom, before and after); supervisors and admins only. */
import type { CoreDeps } from '../context.ts';
import { authorize, type Principal } from '../identity/policy.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { searchAuditRows, type AuditFilter } from './audit-search.repository.ts';

export type SearchAuditInput = Omit<AuditFilter, 'subjectId'> & { number?: string | undefined; subjectId?: string | undefined };

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

export async function searchAudit(
  deps: CoreDeps,
  principal: Principal | null,
  input: SearchAuditInput,
): Promise<{ entries: AuditEntryView[] }> {
  authorize(principal, 'audit.read');
  const subjectId = input.number !== undefined ? toE164(input.number, deps.profile.country) : input.subjectId;
  const rows = await searchAuditRows(deps.db, { ...input, subjectId });
  return {
    entries: rows.map((r) => ({
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
    })),
  };
}
