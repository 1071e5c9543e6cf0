/** Searches the audit trail (who did what, on which channel, to whom, before and after); supervisors and admins only. */
import type { CoreDeps } from '../context.ts';
import { authorize, type Principal } from '../identity/policy.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { toAuditEntry, type AuditEntryView } from './audit-entry.ts';
import { searchAuditRows, type AuditFilter } from './audit-search.repository.ts';

export type SearchAuditInput = Omit<AuditFilter, 'subjectId'> & { number?: string | undefined; subjectId?: string | undefined };

export type { AuditEntryView };

export async function searchAudit(
  deps: CoreDeps,
  principal: Principal | null,
  input: SearchAuditInput,
): Promise<{ entries: AuditEntryView[] }> {
  authorize(principal, 'audit.read');
  const subjectId = input.number !== undefined ? toE164(input.number, deps.profile.country) : input.subjectId;
  const rows = await searchAuditRows(deps.db, { ...input, subjectId });
  return {
    entries: rows.map(toAuditEntry),
  };
}
