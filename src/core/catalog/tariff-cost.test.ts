/** The cost of real usage on a tariff: rating per month, monthly and daily fees, services kept or dropped (unit tests, no database). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Profile, Service, Tariff } from '../../profiles/profile.ts';
import { rateRecord } from '../usage/rate-usage.ts';
import { costOnTariff, daysInMonth, feeForMonth, paidServices, type MonthUsage } from './tariff-cost.ts';

function tariff(id: string, over: Partial<Tariff> = {}): Tariff {
  return {
    id,
    names: { en: id },
    descriptions: undefined,
    fee: { amount: 0, period: 'month' },
    prices: { voicePerMinute: 100, smsEach: 50, dataPerMb: 10 },
    included: { voiceMinutes: 0, sms: 0, dataMb: 0 },
    eligibility: {},
    purchaseLimit: undefined,
    changeFee: 0,
    includedServices: [],
    archived: false,
    ...over,
  };
}

function service(id: string, over: Partial<Service> = {}): Service {
  return {
    id,
    names: { en: id },
    descriptions: undefined,
    fee: undefined,
    activationFee: 0,
    activation: {},
    eligibility: {},
    excludedTariffs: [],
    pilot: false,
    loyaltyPoints: false,
    keepsNumberList: false,
    ...over,
  };
}

const profile = {
  services: [
    service('daily', { fee: { amount: 150, period: 'day' } }),
    service('monthly', { fee: { amount: 5_500, period: 'month' }, excludedTariffs: ['bundle'] }),
    service('free'),
  ],
} as unknown as Profile;

const calls = (month: string, n: number, seconds: number): MonthUsage[] =>
  Array.from({ length: n }, () => ({ month, kind: 'voice' as const, quantity: seconds }));

describe('tariff cost of real usage', () => {
  it('knows the length of each month, leap years too, and charges daily fees per day', () => {
    expect([daysInMonth('2026-02'), daysInMonth('2028-02'), daysInMonth('2026-11'), daysInMonth('2026-12')]).toEqual([28, 29, 30, 31]);
    expect(feeForMonth({ amount: 150, period: 'day' }, '2026-11')).toBe(4_500);
    expect(feeForMonth({ amount: 35_000, period: 'month' }, '2026-02')).toBe(35_000);
  });

  it('rates per started minute, uses each month its own allowance, and adds the tariff fee every month', () => {
    const bundle = tariff('bundle', { fee: { amount: 30_000, period: 'month' }, included: { voiceMinutes: 100, sms: 0, dataMb: 0 } });
    // October: 80 calls of 61 s = 160 started minutes, 100 included, 60 at 1.00; November: 50 minutes, all included.
    const usage = [...calls('2026-10', 80, 61), ...calls('2026-11', 50, 60)];
    const cost = costOnTariff(profile, bundle, ['2026-10', '2026-11'], usage, []);
    expect(cost).toEqual({ tariffId: 'bundle', usage: 6_000, fees: 60_000, total: 66_000 });
    const payg = costOnTariff(profile, tariff('payg'), ['2026-10', '2026-11'], usage, []);
    expect(payg).toEqual({ tariffId: 'payg', usage: 21_000, fees: 0, total: 21_000 });
  });

  it('keeps the services the line would keep: included ones are free, excluded ones are gone', () => {
    const bundle = tariff('bundle', { includedServices: ['daily'] });
    expect(paidServices(profile, bundle, ['daily', 'monthly', 'free', 'unknown'])).toEqual(['free']);
    expect(paidServices(profile, tariff('plain'), ['daily', 'monthly', 'free'])).toEqual(['daily', 'monthly', 'free']);
    // November has 30 days: daily 150 x 30 + monthly 5,500.
    expect(costOnTariff(profile, tariff('plain'), ['2026-11'], [], ['daily', 'monthly', 'free']).fees).toBe(4_500 + 5_500);
    expect(costOnTariff(profile, bundle, ['2026-11'], [], ['daily', 'monthly', 'free']).fees).toBe(0);
  });

  it('equals the sum of what billing charges record by record, whatever the usage', () => {
    const t = tariff('t', {
      included: { voiceMinutes: 30, sms: 10, dataMb: 500 },
      prices: { voicePerMinute: 130, smsEach: 70, dataPerMb: 9 },
    });
    const record = fc.record({
      month: fc.constantFrom('2026-09', '2026-10'),
      kind: fc.constantFrom('voice' as const, 'sms' as const, 'data' as const),
      quantity: fc.nat(5_000),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (usage) => {
        const used = new Map<string, number>();
        let expected = 0;
        for (const r of usage) {
          const key = `${r.month}|${r.kind}`;
          const rated = rateRecord(t, r.kind, r.quantity, used.get(key) ?? 0);
          used.set(key, (used.get(key) ?? 0) + rated.includedUnits);
          expected += rated.amount;
        }
        const cost = costOnTariff(profile, t, ['2026-09', '2026-10'], usage, []);
        expect(cost.usage).toBe(expected);
        expect(cost.total).toBe(cost.usage + cost.fees);
      }),
    );
  });
});
