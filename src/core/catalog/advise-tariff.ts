/**
 * Tariff advice (S2.3): what the line's real usage of its last three full billing months (calendar
 * months in the operator's time zone, the months with usage counted) would have cost on each tariff
 * the line may choose, fees included, and the cheapest one when it beats the current tariff.
 */
import { localize, type Tariff } from '../../profiles/profile.ts';
import type { Language } from '../../profiles/schema.ts';
import { localDate, localKeys, periodOf, startOfLocalDay } from '../billing/period.ts';
import type { CoreDeps } from '../context.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { lineProfile, requireLine } from '../subscribers/require-line.ts';
import { listActiveServiceIds } from '../subscribers/subscription.repository.ts';
import { listUsageRecords } from '../usage/usage.repository.ts';
import { ineligibilityReasons } from './eligibility.ts';
import { costOnTariff, type MonthUsage, type TariffCost } from './tariff-cost.ts';

export type AdviseTariffInput = { number: string; language: Language };

/** Full billing months looked back at. */
export const ADVICE_MONTHS = 3;
/** Fewer usage records than this in those months is too little to judge. */
export const ADVICE_MIN_RECORDS = 10;

export type TariffCostView = {
  id: string;
  name: string;
  fee: MoneyView;
  period: string;
  /** Average per month of `usage + fees`. */
  monthlyCost: MoneyView;
  monthlyUsage: MoneyView;
  monthlyFees: MoneyView;
};

export type TariffAdvice = {
  number: string;
  /** `switch`: a cheaper tariff exists; `keep`: the current one is already the cheapest; `not-enough-usage`: nothing to judge by. */
  verdict: 'switch' | 'keep' | 'not-enough-usage';
  /** The months whose usage was rated (`2026-10`), oldest first. */
  months: string[];
  /** The window looked at: [from, to) as UTC instants. */
  from: string;
  to: string;
  records: number;
  current: TariffCostView | null;
  /** The cheapest eligible tariff when it saves money, with the saving per month and the one-off change fee. */
  suggested: (TariffCostView & { monthlySaving: MoneyView; changeFee: MoneyView }) | null;
  /** Every tariff the line may choose, the current one too, cheapest first. */
  tariffs: TariffCostView[];
};

export async function adviseTariff(deps: CoreDeps, input: AdviseTariffInput): Promise<TariffAdvice> {
  const { profile } = deps;
  const line = await requireLine(deps, input.number);
  const now = deps.clock.now();
  const to = periodOf(now, 'month', profile.timeZone).start;
  const today = localDate(now, profile.timeZone);
  const back = today.year * 12 + (today.month - 1) - ADVICE_MONTHS;
  const from = startOfLocalDay({ year: Math.floor(back / 12), month: (back % 12) + 1, day: 1 }, profile.timeZone);

  const [records, services] = await Promise.all([
    listUsageRecords(deps.db, line.id, from.toISOString(), to.toISOString()),
    listActiveServiceIds(deps.db, line.id),
  ]);
  const keysOf = localKeys(profile.timeZone);
  const usage: MonthUsage[] = records.map((r) => ({ month: keysOf(new Date(r.startedAt)).month, kind: r.kind, quantity: r.quantity }));
  const months = [...new Set(usage.map((u) => u.month))].sort();
  const base = { number: line.number, months, from: from.toISOString(), to: to.toISOString(), records: records.length };
  const currentTariff = profile.tariffs.find((t) => t.id === line.tariff_id);
  if (records.length < ADVICE_MIN_RECORDS || !currentTariff) {
    return { ...base, verdict: 'not-enough-usage', current: null, suggested: null, tariffs: [] };
  }

  const lang = input.language;
  const money = (minor: number) => moneyView(minor, profile.currency, lang);
  const perMonth = (total: number) => Math.round(total / months.length);
  const active = services.map((s) => s.serviceId);
  const who = lineProfile(line);
  const candidates = profile.tariffs.filter(
    (t) => t.id === line.tariff_id || (!t.archived && ineligibilityReasons(t.eligibility, who).length === 0),
  );
  const view = (t: Tariff, c: TariffCost): TariffCostView => ({
    id: t.id,
    name: localize(t.names, lang, profile.defaultLanguage) || t.id,
    fee: money(t.fee.amount),
    period: t.fee.period,
    monthlyCost: money(perMonth(c.total)),
    monthlyUsage: money(perMonth(c.usage)),
    monthlyFees: money(perMonth(c.fees)),
  });
  const costs = candidates
    .map((t) => ({ tariff: t, cost: costOnTariff(profile, t, months, usage, active) }))
    // Cheapest first; on a tie the current tariff first (no advice to move for nothing), then catalog order.
    .sort((a, b) => a.cost.total - b.cost.total || Number(b.tariff.id === line.tariff_id) - Number(a.tariff.id === line.tariff_id));
  const current = costs.find((c) => c.tariff.id === line.tariff_id)!;
  const cheapest = costs[0]!;
  const saves = cheapest.tariff.id !== line.tariff_id && perMonth(current.cost.total - cheapest.cost.total) > 0;
  return {
    ...base,
    verdict: saves ? 'switch' : 'keep',
    current: view(current.tariff, current.cost),
    suggested: saves
      ? {
          ...view(cheapest.tariff, cheapest.cost),
          monthlySaving: money(perMonth(current.cost.total - cheapest.cost.total)),
          changeFee: money(cheapest.tariff.changeFee),
        }
      : null,
    tariffs: costs.map((c) => view(c.tariff, c.cost)),
  };
}
