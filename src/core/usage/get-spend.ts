/** Daily and monthly spend of a line (S4.4): usage by kind and fees, per local day of a month and in total. */
import type { Language } from '../../profiles/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { moneyView, type MoneyView } from '../money.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { localDate, monthKey } from '../billing/period.ts';
import { listDailySpend, listMonthlySpend } from './usage.repository.ts';

export type GetSpendInput = { number: string; month?: string | undefined; language: Language };

export type SpendByKind = { kind: string; units: number; includedUnits: number; amount: MoneyView };

export type Spend = {
  number: string;
  month: string;
  total: MoneyView;
  byKind: SpendByKind[];
  days: { day: string; total: MoneyView; byKind: SpendByKind[] }[];
};

export async function getSpend(deps: CoreDeps, input: GetSpendInput): Promise<Spend> {
  const month = input.month ?? monthKey(localDate(deps.clock.now(), deps.profile.timeZone));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new AppError('invalid_input', `bad month ${month}`, {}, [{ path: 'querystring.month', message: 'a month YYYY-MM' }]);
  }
  const line = await requireLine(deps, input.number);
  const money = (minor: number) => moneyView(minor, deps.profile.currency, input.language);
  const monthly = await listMonthlySpend(deps.db, line.id, month);
  const daily = await listDailySpend(deps.db, line.id, `${month}-01`, `${month}-31`);
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
  };
}
