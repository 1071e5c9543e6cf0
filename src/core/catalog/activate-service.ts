/** Turns a service on for a line: eligibility (S3.6), activation fee, history and audit in one transaction. */
import { findService, localize } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { label } from '../billing/labels.ts';
import { recordCharge } from '../billing/record-charge.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { Actor, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { assertPasswordProtection } from '../identity/password-protection.ts';
import { chargeLine } from '../ledger/charge-line.ts';
import { moneyView } from '../money.ts';
import { lineLanguage } from '../notifications/notify-line.ts';
import { lineProfile, requireLine } from '../subscribers/require-line.ts';
import { openServiceActivation } from '../subscribers/subscription.repository.ts';
import { ineligibilityReasons } from './eligibility.ts';

export type ActivateServiceInput = { number: string; serviceId: string; language: Language; contractPassword?: string | undefined };

export type ServiceChange = {
  number: string;
  serviceId: string;
  name: string;
  active: boolean;
  at: string;
  fee: ReturnType<typeof moneyView> | null;
  pilot: boolean;
};

export async function activateService(deps: CoreDeps, input: ActivateServiceInput, actor: Actor): Promise<ServiceChange> {
  const { profile } = deps;
  const service = findService(profile, input.serviceId);
  if (!service) throw new AppError('service_not_found', `no service ${input.serviceId}`, { service: input.serviceId });
  const name = localize(service.names, input.language, profile.defaultLanguage);
  await assertPasswordProtection(deps, await requireLine(deps, input.number), input.contractPassword, actor);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const line = await requireLine({ db: trx, profile }, input.number);
    if (line.status === 'suspended') throw new AppError('line_not_active', `line ${line.number} is suspended`);
    const reasons = ineligibilityReasons(service.eligibility, lineProfile(line));
    if (service.excludedTariffs.includes(line.tariff_id)) reasons.push('segment');
    if (reasons.length > 0)
      throw new AppError('not_eligible', `service ${service.id} not for ${line.number}: ${reasons.join(', ')}`, { offer: name });
    if (!(await openServiceActivation(trx, line.id, service.id, at))) {
      throw new AppError('service_already_active', `service ${service.id} already on for ${line.number}`);
    }
    if (service.activationFee > 0) {
      const balance = await chargeLine(
        trx,
        profile,
        line.id,
        service.activationFee,
        'service-activation',
        `activation of ${service.id}`,
        at,
      );
      if (balance === null) {
        throw new AppError('insufficient_funds', `balance of ${line.number} does not cover ${service.activationFee}`, {
          amount: moneyView(service.activationFee, profile.currency, input.language).text,
        });
      }
      const language = lineLanguage(profile, line.language);
      await recordCharge(trx, profile, line, {
        amount: service.activationFee,
        balance,
        spendKind: 'fee',
        description: `${label('serviceActivation', language)} «${localize(service.names, language, profile.defaultLanguage)}»`,
        at: now,
      });
    }
    await writeAudit(trx, actor, now, {
      action: 'service.activate',
      subjectType: 'line',
      subjectId: line.number,
      lineId: line.id,
      before: { serviceId: service.id, active: false },
      after: { serviceId: service.id, active: true, activationFee: service.activationFee },
    });
    return {
      number: line.number,
      serviceId: service.id,
      name,
      active: true,
      at,
      fee: service.fee ? moneyView(service.fee.amount, profile.currency, input.language) : null,
      pilot: service.pilot,
    };
  });
}
