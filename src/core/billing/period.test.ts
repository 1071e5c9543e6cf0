/** Billing periods in an operator's time zone, across DST transitions (unit tests, no database). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayKey, localDate, localKeys, periodOf } from './period.ts';

const ZONES = ['Europe/Budapest', 'Europe/Moscow', 'Asia/Tehran', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];

describe('billing periods', () => {
  it('contain their instant, are named by the local date, and tile time without gaps or overlaps', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('day' as const, 'month' as const),
        (instant, zone, kind) => {
          const p = periodOf(instant, kind, zone);
          expect(p.start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime()).toBeLessThan(p.end.getTime());
          const key = (d: Date) => (kind === 'day' ? dayKey(localDate(d, zone)) : dayKey(localDate(d, zone)).slice(0, 7));
          expect(key(p.start)).toBe(p.key);
          expect(key(new Date(p.end.getTime() - 1000))).toBe(p.key);
          expect(key(p.end)).not.toBe(p.key);
          expect(key(new Date(p.start.getTime() - 1000))).not.toBe(p.key);
          expect(periodOf(p.end, kind, zone).start.getTime()).toBe(p.end.getTime());
          expect(localKeys(zone)(instant)[kind]).toBe(p.key);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('makes DST days 23 and 25 hours long in Budapest', () => {
    const spring = periodOf(new Date('2026-03-29T12:00:00Z'), 'day', 'Europe/Budapest');
    expect(spring).toMatchObject({ key: '2026-03-29' });
    expect(spring.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);
    const autumn = periodOf(new Date('2026-10-25T12:00:00Z'), 'day', 'Europe/Budapest');
    expect(autumn.start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000);
    expect(periodOf(new Date('2026-10-31T23:30:00Z'), 'month', 'Europe/Budapest').key).toBe('2026-11');
  });
});
