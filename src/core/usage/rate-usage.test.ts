/** Rating by tariff: allowances first, then unit prices (unit tests, no database). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tariff } from '../../profiles/profile.ts';
import { billedUnits, rateRecord } from './rate-usage.ts';

const tariff = {
  included: { voiceMinutes: 10, sms: 5, dataMb: 100 },
  prices: { voicePerMinute: 150, smsEach: 200, dataPerMb: 30 },
} as Tariff;

describe('rating', () => {
  it('bills voice per started minute, data per started megabyte, SMS per message', () => {
    expect([billedUnits('voice', 0), billedUnits('voice', 1), billedUnits('voice', 60), billedUnits('voice', 61)]).toEqual([0, 1, 1, 2]);
    expect([billedUnits('data', 1), billedUnits('data', 1024), billedUnits('data', 1025)]).toEqual([1, 1, 2]);
    expect(billedUnits('sms', 3)).toBe(3);
  });

  it('uses what is left of the allowance, then charges the unit price for the rest', () => {
    expect(rateRecord(tariff, 'voice', 125, 8)).toEqual({ units: 3, includedUnits: 2, amount: 150 });
    expect(rateRecord(tariff, 'sms', 1, 5)).toEqual({ units: 1, includedUnits: 0, amount: 200 });
    expect(rateRecord(tariff, 'data', 2048, 0)).toEqual({ units: 2, includedUnits: 2, amount: 0 });
    fc.assert(
      fc.property(
        fc.constantFrom('voice' as const, 'sms' as const, 'data' as const),
        fc.nat(100_000),
        fc.nat(200),
        (kind, quantity, used) => {
          const r = rateRecord(tariff, kind, quantity, used);
          expect(r.includedUnits).toBeGreaterThanOrEqual(0);
          expect(r.includedUnits).toBeLessThanOrEqual(r.units);
          const price = { voice: 150, sms: 200, data: 30 }[kind];
          expect(r.amount).toBe((r.units - r.includedUnits) * price);
        },
      ),
    );
  });
});
