/** The full history of a line: tariff periods, service activations and the audit trail. */
import { listAuditForLine } from '../audit/audit.repository.ts';
import type { CoreDeps } from '../context.ts';
import { requireLine } from './require-line.ts';
import { listServiceHistory, listTariffHistory, type ServiceActivation, type TariffPeriod } from './subscription.repository.ts';

export type GetLineHistoryInput = { number: string };

export type LineHistory = {
  tariffs: TariffPeriod[];
  services: ServiceActivation[];
  audit: {
    at: string;
    actorType: string;
    actorId: string;
    channel: string;
    action: string;
    before: unknown;
    after: unknown;
    interactionId: string | null;
  }[];
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
    audit: audit.map((a) => ({
      at: a.at,
      actorType: a.actor_type,
      actorId: a.actor_id,
      channel: a.channel,
      action: a.action,
      before: a.before === null ? null : (JSON.parse(a.before) as unknown),
      after: a.after === null ? null : (JSON.parse(a.after) as unknown),
      interactionId: a.interaction_id,
    })),
  };
}
