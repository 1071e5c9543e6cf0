/** Moves a line to another tariff now: charges the change fee, adjusts services, keeps history, audits. */
import { localize } from '../../profiles/profile.ts';
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
import { setLineTariff } from '../subscribers/line.repository.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { closeServiceActivation, openServiceActivation, switchTariffPeriod } from '../subscribers/subscription.repository.ts';
import { planTariffChange, presentPlan, type TariffChangeQuote } from './quote-tariff-change.ts';

export type ChangeTariffInput = { number: string; tariffId: string; language: Language; contractPassword?: string | undefined };

export async function changeTariff(deps: CoreDeps, input: ChangeTariffInput, actor: Actor): Promise<TariffChangeQuote> {
  await assertPasswordProtection(deps, await requireLine(deps, input.number), input.contractPassword, actor);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const line = await requireLine({ db: trx, profile: deps.profile }, input.number);
    const plan = await planTariffChange(trx, deps.profile, line, input.tariffId);
    // The tariff history row is the guard against two concurrent changes of one line.
    if (!(await switchTariffPeriod(trx, line.id, line.tariff_id, plan.to.id, at))) {
      throw new AppError('conflict', `tariff of ${line.number} changed concurrently`);
    }
    if (plan.changeFee > 0) {
      const balance = await chargeLine(trx, deps.profile, line.id, plan.changeFee, 'tariff-change', `tariff change to ${plan.to.id}`, at);
      if (balance === null) {
        throw new AppError('insufficient_funds', `balance of ${line.number} does not cover ${plan.changeFee}`, {
          amount: moneyView(plan.changeFee, deps.profile.currency, input.language).text,
        });
      }
      const language = lineLanguage(deps.profile, line.language);
      await recordCharge(trx, deps.profile, line, {
        amount: plan.changeFee,
        balance,
        spendKind: 'fee',
        description: `${label('tariffChange', language)} «${localize(plan.to.names, language, deps.profile.defaultLanguage)}»`,
        at: now,
      });
    }
    await setLineTariff(trx, line.id, plan.to.id, at);
    for (const id of plan.removeServices) await closeServiceActivation(trx, line.id, id, at);
    for (const id of plan.addServices) await openServiceActivation(trx, line.id, id, at);
    await writeAudit(trx, actor, now, {
      action: 'tariff.change',
      subjectType: 'line',
      subjectId: line.number,
      lineId: line.id,
      before: { tariffId: line.tariff_id },
      after: { tariffId: plan.to.id, changeFee: plan.changeFee, servicesRemoved: plan.removeServices, servicesAdded: plan.addServices },
    });
    return presentPlan(deps.profile, plan, line.tariff_id, now, input.language);
  });
}
