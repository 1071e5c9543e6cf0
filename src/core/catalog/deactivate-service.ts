/** Turns a service off for a line, unless the tariff includes it; history and audit in one transaction. */
import { findService, findTariff, localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { assertPasswordProtection } from '../identity/password-protection.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { closeServiceActivation } from '../subscribers/subscription.repository.ts';
import type { ServiceChange } from './activate-service.ts';

export type DeactivateServiceInput = { number: string; serviceId: string; language: Language; contractPassword?: string | undefined };

export async function deactivateService(deps: CoreDeps, input: DeactivateServiceInput, actor: Actor): Promise<ServiceChange> {
  const { profile } = deps;
  const service = findService(profile, input.serviceId);
  if (!service) throw new AppError('service_not_found', `no service ${input.serviceId}`, { service: input.serviceId });
  await assertPasswordProtection(deps, await requireLine(deps, input.number), input.contractPassword, actor);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const line = await requireLine({ db: trx, profile }, input.number);
    if (line.status === 'suspended') throw new AppError('line_not_active', `line ${line.number} is suspended`);
    if (findTariff(profile, line.tariff_id)?.includedServices.includes(service.id)) {
      throw new AppError('service_included_in_tariff', `service ${service.id} is part of tariff ${line.tariff_id}`);
    }
    if (!(await closeServiceActivation(trx, line.id, service.id, at))) {
      throw new AppError('service_not_active', `service ${service.id} not on for ${line.number}`);
    }
    await writeAudit(trx, actor, now, {
      action: 'service.deactivate',
      subjectType: 'line',
      subjectId: line.number,
      lineId: line.id,
      before: { serviceId: service.id, active: true },
      after: { serviceId: service.id, active: false },
    });
    return {
      number: line.number,
      serviceId: service.id,
      name: localize(service.names, input.language, profile.defaultLanguage),
      active: false,
      at,
      fee: null,
      pilot: service.pilot,
    };
  });
}
