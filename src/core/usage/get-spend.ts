/** Daily and monthly spend of a line (S4.4): usage by kind and fees, per local day of a month, in total, and per month for the months before. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { localDate, monthKey } from '../billing/period.ts';
import { listDailySpend, listMonthlySpend, listMonthlyTotals } from './usage.repository.ts';

export type GetSpendInput = { number: string; month?: string | undefined; language: Language };

export type SpendByKind = { kind: string; units: number; includedUnits: number; amount: MoneyView };

export type Spend = {
  number: string;
  month: string;
  total: MoneyView;
  byKind: SpendByKind[];
  days: { day: string; total: MoneyView; byKind: SpendByKind[] }[];
  /** The total of each of the RECENT_MONTHS months up to and including `month`, oldest first (0 when nothing was spent). */
  recentMonths: { month: string; total: MoneyView }[];
};

/** How many months `recentMonths` covers. */
export const RECENT_MONTHS = 6;

/** `YYYY-MM` keys of the `count` months that end with `month`, oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const [year = 0, mm = 1] = month.split('-').map(Number);
  const last = year * 12 + mm - 1;
  return Array.from({ length: count }, (_, i) => {
    const index = last - count + 1 + i;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

export async function getSpend(deps: CoreDeps, input: GetSpendInput): Promise<Spend> {
  const month = input.month ?? monthKey(localDate(deps.clock.now(), deps.profile.timeZone));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new AppError('invalid_input', `bad month ${month}`, {}, [{ path: 'querystring.month', message: 'a month YYYY-MM' }]);
  }
  const line = await requireLine(deps, input.number);
  const money = (minor: number) => moneyView(minor, deps.profile.currency, input.language);
  const monthly = await listMonthlySpend(deps.db, line.id, month);
  const daily = await listDailySpend(deps.db, line.id, `${month}-01`, `${month}-31`);
  const recent = monthsEndingWith(month, RECENT_MONTHS);
  const monthTotals = await listMonthlyTotals(deps.db, line.id, recent[0]!, month);
  const days = new Map<string, SpendByKind[]>();
  const totals = new Map<string, number>();
  for (const r of daily) {
    days.set(r.period, [
      ...(days.get(r.period) ?? []),
      { kind: r.kind, units: r.units, includedUnits: r.includedUnits, amount: money(r.amount) },
    ]);
    totals.set(r.period, (totals.get(r.period) ?? 0) + r.amount);
  }
  return {
    number: line.number,
    month,
    total: money(monthly.reduce((s, r) => s + r.amount, 0)),
    byKind: monthly.map((r) => ({ kind: r.kind, units: r.units, includedUnits: r.includedUnits, amount: money(r.amount) })),
    days: [...days.entries()].map(([day, byKind]) => ({ day, total: money(totals.get(day) ?? 0), byKind })),
    recentMonths: recent.map((m) => ({ month: m, total: money(monthTotals.get(m) ?? 0) })),
  };
}
