/** What a tariff change would do, before it is done: fees, services that go or come, from when. */
import type { Kysely } from 'kysely';
import type { Database, LineRow } from '../../db/schema.ts';
import { findTariff, localize, type Profile, type Tariff } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { lineBalances } from '../ledger/account.repository.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { lineProfile, requireLine } from '../subscribers/require-line.ts';
import { listActiveServiceIds } from '../subscribers/subscription.repository.ts';
import { ineligibilityReasons } from './eligibility.ts';

export type QuoteTariffChangeInput = { number: string; tariffId: string; language: Language };

export type TariffChangeQuote = {
  from: { id: string; name: string; fee: MoneyView; period: string };
  to: { id: string; name: string; fee: MoneyView; period: string };
  changeFee: MoneyView;
  effectiveFrom: string;
  servicesRemoved: { id: string; name: string }[];
  servicesAdded: { id: string; name: string }[];
  balanceAfter: MoneyView;
  affordable: boolean;
};

/** The plan of a change, in minor units and ids: shared by the quote and by `changeTariff`. */
export type TariffChangePlan = {
  from: Tariff | undefined;
  to: Tariff;
  changeFee: number;
  removeServices: string[];
  addServices: string[];
  balance: number;
  floor: number | null;
};

export async function planTariffChange(db: Kysely<Database>, profile: Profile, line: LineRow, tariffId: string): Promise<TariffChangePlan> {
  const to = findTariff(profile, tariffId);
  if (!to || to.archived) throw new AppError('tariff_not_found', `no tariff ${tariffId}`, { tariff: tariffId });
  if (line.status === 'suspended') throw new AppError('line_not_active', `line ${line.number} is suspended`);
  if (line.tariff_id === tariffId) throw new AppError('tariff_unchanged', `line ${line.number} is already on ${tariffId}`);
  const reasons = ineligibilityReasons(to.eligibility, lineProfile(line));
  if (reasons.length > 0) {
    throw new AppError('not_eligible', `tariff ${tariffId} not for ${line.number}: ${reasons.join(', ')}`, {
      offer: localize(to.names, line.language, profile.defaultLanguage),
    });
  }
  const active = (await listActiveServiceIds(db, line.id)).map((s) => s.serviceId);
  const removeServices = active.filter((id) => profile.services.find((s) => s.id === id)?.excludedTariffs.includes(tariffId));
  const addServices = to.includedServices.filter((id) => !active.includes(id));
  const balances = await lineBalances(db, line.id);
  return {
    from: findTariff(profile, line.tariff_id),
    to,
    changeFee: to.changeFee,
    removeServices,
    addServices,
    balance: balances.main,
    floor: balances.mainFloor,
  };
}

export async function quoteTariffChange(deps: CoreDeps, input: QuoteTariffChangeInput): Promise<TariffChangeQuote> {
  const line = await requireLine(deps, input.number);
  const plan = await planTariffChange(deps.db, deps.profile, line, input.tariffId);
  return presentPlan(deps.profile, plan, line.tariff_id, deps.clock.now(), input.language);
}

export function presentPlan(profile: Profile, plan: TariffChangePlan, fromId: string, at: Date, lang: Language): TariffChangeQuote {
  const money = (minor: number) => moneyView(minor, profile.currency, lang);
  const text = (t: Parameters<typeof localize>[0]) => localize(t, lang, profile.defaultLanguage);
  const serviceName = (id: string) => ({ id, name: text(profile.services.find((s) => s.id === id)?.names) || id });
  const tariffView = (t: Tariff | undefined, id: string) => ({
    id,
    name: text(t?.names) || id,
    fee: money(t?.fee.amount ?? 0),
    period: t?.fee.period ?? 'month',
  });
  return {
    from: tariffView(plan.from, fromId),
    to: tariffView(plan.to, plan.to.id),
    changeFee: money(plan.changeFee),
    effectiveFrom: at.toISOString(),
    servicesRemoved: plan.removeServices.map(serviceName),
    servicesAdded: plan.addServices.map(serviceName),
    balanceAfter: money(plan.balance - plan.changeFee),
    affordable: plan.changeFee === 0 || plan.floor === null || plan.balance - plan.changeFee >= plan.floor,
  };
}
