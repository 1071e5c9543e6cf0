/** The full history of a line: tariff periods, service activations and the audit trail. */
import { toAuditEntry, type AuditEntryView } from '../audit/audit-entry.ts';
import { listAuditForLine } from '../audit/audit.repository.ts';
import type { CoreDeps } from '../context.ts';
import { requireLine } from './require-line.ts';
import { listServiceHistory, listTariffHistory, type ServiceActivation, type TariffPeriod } from './subscription.repository.ts';

export type GetLineHistoryInput = { number: string };

export type LineHistory = {
  tariffs: TariffPeriod[];
  services: ServiceActivation[];
  audit: AuditEntryView[];
};

export async function getLineHistory(deps: CoreDeps, input: GetLineHistoryInput): Promise<LineHistory> {
  const line = await requireLine(deps, input.number);
  const [tariffs, services, audit] = await Promise.all([
    listTariffHistory(deps.db, line.id),
    listServiceHistory(deps.db, line.id),
    listAuditForLine(deps.db, line.id),
  ]);
  return {
    tariffs,
    services,
    audit: audit.map(toAuditEntry),
  };
}
