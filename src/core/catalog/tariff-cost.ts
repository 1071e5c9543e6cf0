/**
 * What a line's real usage would have cost on a tariff, month by month: every record rated by the
 * billing's own `rateRecord` (allowances reset each month, used in the order the calls happened),
 * plus the tariff's fee and the fees of the services the line would keep on that tariff (a service
 * the tariff includes is free, one it excludes is gone). Pure functions: no I/O.
 */
import type { Fee, Profile, Tariff } from '../../profiles/profile.ts';
import { rateRecord, type UsageKind } from '../usage/rate-usage.ts';

/** One usage record and the local month (`2026-10`) it belongs to, in the order they happened. */
export type MonthUsage = { month: string; kind: UsageKind; quantity: number };

export type TariffCost = {
  tariffId: string;
  /** Usage beyond the allowances, over all months. */
  usage: number;
  /** Tariff and service fees, over all months. */
  fees: number;
  /** usage + fees, over all months. */
  total: number;
};

/** Days in a month `YYYY-MM` (a daily fee is charged on each of them). */
export function daysInMonth(month: string): number {
  const [year = 0, mm = 0] = month.split('-').map(Number);
  return new Date(Date.UTC(year, mm, 0)).getUTCDate();
}

/** A recurring fee over one month: a monthly fee once, a daily fee on each day. */
export function feeForMonth(fee: Fee, month: string): number {
  return fee.period === 'month' ? fee.amount : fee.amount * daysInMonth(month);
}

/** The services a line with `active` services would pay for on `tariff`: excluded ones go, included ones are free. */
export function paidServices(profile: Profile, tariff: Tariff, active: string[]): string[] {
  return active.filter((id) => {
    const service = profile.services.find((s) => s.id === id);
    return service !== undefined && !service.excludedTariffs.includes(tariff.id) && !tariff.includedServices.includes(id);
  });
}

/** The cost of `usage` (records in time order) over `months` on `tariff`, with fees for every month. */
export function costOnTariff(
  profile: Profile,
  tariff: Tariff,
  months: string[],
  usage: MonthUsage[],
  activeServices: string[],
): TariffCost {
  const used = new Map<string, number>();
  let usageCost = 0;
  for (const r of usage) {
    const key = `${r.month}|${r.kind}`;
    const before = used.get(key) ?? 0;
    const rated = rateRecord(tariff, r.kind, r.quantity, before);
    used.set(key, before + rated.includedUnits);
    usageCost += rated.amount;
  }
  const services = paidServices(profile, tariff, activeServices).flatMap((id) => {
    const fee = profile.services.find((s) => s.id === id)?.fee;
    return fee ? [fee] : [];
  });
  let fees = 0;
  for (const month of months) {
    fees += feeForMonth(tariff.fee, month);
    for (const fee of services) fees += feeForMonth(fee, month);
  }
  return { tariffId: tariff.id, usage: usageCost, fees, total: usageCost + fees };
}
