/**
 * One usage record as channels hand it to the core (JSON or a CSV row), and its validation.
 * Numbers are E.164 already (network records are normalised); `start` is ISO 8601 with a zone.
 */
import { USAGE_KINDS, type UsageKind } from './rate-usage.ts';

export type UsageInput = {
  number: string;
  type: UsageKind;
  counterparty?: string | null | undefined;
  start: string;
  /** Voice: call duration. */
  seconds?: number | null | undefined;
  /** Data: volume of the session. */
  kilobytes?: number | null | undefined;
  /** SMS: messages (default 1). */
  count?: number | null | undefined;
};

export type ValidUsage = {
  number: string;
  kind: UsageKind;
  counterparty: string | null;
  /** ISO 8601 in UTC with milliseconds, as stored. */
  startedAt: string;
  /** The same instant in milliseconds since the epoch. */
  startMs: number;
  quantity: number;
};

export const E164 = /^\+[1-9][0-9]{6,14}$/;
const COUNTERPARTY = /^\+?[0-9A-Za-z.*#-]{1,40}$/;
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const MAX_SECONDS = 86_400;
const MAX_KB = 100 * 1024 * 1024;
const MAX_SMS = 100;

/**
 * Whether the date and time written exist: Date.parse would roll 2026-02-30 over to 2 March and
 * read 24:00 as the next midnight, where a record with such a start is a faulty one.
 */
function onTheCalendar(f: RegExpExecArray): boolean {
  const n = (group: number) => Number(f[group] ?? 0);
  const [year, month, day] = [n(1), n(2), n(3)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && n(4) < 24 && n(5) < 60 && n(6) < 60 && n(7) < 24 && n(8) < 60;
}

function wholeIn(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= max;
}

/** Checks one record; returns the problem in words, or the normalised record. */
export function validateUsage(input: UsageInput, now: Date): ValidUsage | string {
  if (typeof input.number !== 'string' || !E164.test(input.number)) return 'number must be E.164, such as +79160000001';
  if (!(USAGE_KINDS as readonly string[]).includes(input.type)) return 'type must be voice, sms or data';
  const counterparty =
    input.counterparty === undefined || input.counterparty === null || input.counterparty === '' ? null : input.counterparty;
  if (counterparty !== null && (typeof counterparty !== 'string' || !COUNTERPARTY.test(counterparty)))
    return 'counterparty is not a number';
  if (counterparty === null && input.type !== 'data') return 'counterparty is required for voice and sms';
  const fields = typeof input.start === 'string' ? ISO_WITH_ZONE.exec(input.start) : null;
  if (!fields) return 'start must be ISO 8601 with a time zone';
  if (!onTheCalendar(fields)) return 'start is not a real time';
  const startMs = Date.parse(input.start);
  if (Number.isNaN(startMs)) return 'start is not a real time';
  if (startMs > now.getTime() + 5 * 60_000) return 'start is in the future';
  let quantity: number;
  switch (input.type) {
    case 'voice':
      if (!wholeIn(input.seconds, MAX_SECONDS)) return `seconds must be a whole number from 0 to ${MAX_SECONDS}`;
      if (input.kilobytes !== undefined && input.kilobytes !== null) return 'kilobytes is only for data';
      quantity = input.seconds;
      break;
    case 'data':
      if (!wholeIn(input.kilobytes, MAX_KB)) return `kilobytes must be a whole number from 0 to ${MAX_KB}`;
      if (input.seconds !== undefined && input.seconds !== null) return 'seconds is only for voice';
      quantity = input.kilobytes;
      break;
    case 'sms': {
      const count = input.count ?? 1;
      if (!wholeIn(count, MAX_SMS) || count < 1) return `count must be a whole number from 1 to ${MAX_SMS}`;
      if ((input.seconds ?? null) !== null || (input.kilobytes ?? null) !== null) return 'an SMS has no seconds or kilobytes';
      quantity = count;
      break;
    }
    default:
      return 'type must be voice, sms or data';
  }
  const startedAt = new Date(startMs).toISOString();
  return { number: input.number, kind: input.type, counterparty, startedAt, startMs, quantity };
}
