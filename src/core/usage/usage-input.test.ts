import { describe, expect, it } from 'vitest';
import { validateUsage, type UsageInput } from './usage-input.ts';

const now = new Date('2026-11-30T12:00:00.000Z');
const call = (start: string): UsageInput => ({ number: '+79160000001', type: 'voice', counterparty: '+79161234567', start, seconds: 61 });

describe('validateUsage: start', () => {
  it('stores any zone as UTC with milliseconds, and keeps the instant in milliseconds', () => {
    for (const [start, stored] of [
      ['2026-11-05T10:00:00.000Z', '2026-11-05T10:00:00.000Z'],
      ['2026-11-05T10:00Z', '2026-11-05T10:00:00.000Z'],
      ['2026-11-05T13:00:00+03:00', '2026-11-05T10:00:00.000Z'],
      ['2026-11-05T06:30:15.5-03:30', '2026-11-05T10:00:15.500Z'],
      ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ] as const) {
      const v = validateUsage(call(start), now);
      expect(v, start).toMatchObject({ startedAt: stored, startMs: Date.parse(stored) });
    }
  });

  it('refuses times that are not on the calendar, which Date.parse would roll over', () => {
    for (const start of [
      '2026-02-29T10:00:00Z',
      '2026-02-30T10:00:00.000Z',
      '2026-04-31T10:00:00+03:00',
      '2026-11-00T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-11-05T24:00:00Z',
      '2026-11-05T10:60:00Z',
      '2026-11-05T10:00:60Z',
      '2026-11-05T10:00:00+24:00',
    ]) {
      expect(validateUsage(call(start), now), start).toBe('start is not a real time');
    }
  });

  it('refuses a start without a zone or in the future', () => {
    expect(validateUsage(call('2026-11-05T10:00:00'), now)).toBe('start must be ISO 8601 with a time zone');
    expect(validateUsage(call('2026-11-30T12:06:00Z'), now)).toBe('start is in the future');
  });
});
