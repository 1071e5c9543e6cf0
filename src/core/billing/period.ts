/**
 * Billing periods in the operator's time zone. A period is a local calendar day or month; its key
 * (`2026-11-21`, `2026-11`) names it and its bounds are the UTC instants of the local midnights,
 * so DST transitions make a day 23 or 25 hours long but never shift or duplicate a period.
 */
import type { Period } from '../../profiles/schema.ts';

export type LocalDate = { year: number; month: number; day: number };
export type BillingPeriod = { key: string; start: Date; end: Date };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string) {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  return out;
}

/** `YYYY-MM-DD HH:mm` on the wall clock of a time zone. */
export function localDateTime(instant: Date, timeZone: string): string {
  const p = parts(instant, timeZone);
  return `${dayKey(p)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = parts(instant, timeZone);
  return { year, month, day };
}

/** The first instant of a local calendar day (midnight, or the first existing instant if a DST gap swallows it). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  // Local dates never go backwards in time: binary-search the first instant whose date is `date` or later.
  const target = dayKey(date);
  const wallMidnight = Date.UTC(date.year, date.month - 1, date.day);
  let lo = wallMidnight - 15 * 3_600_000; // UTC offsets stay within -12 h .. +14 h
  let hi = wallMidnight + 15 * 3_600_000;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (dayKey(localDate(new Date(mid), timeZone)) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** Quarter hours remembered per time zone: about ten years' worth; beyond that the cache starts over. */
const MAX_CACHED_QUARTERS = 350_000;
const keyCaches = new Map<string, Map<number, { day: string; month: string }>>();

/**
 * Local day and month keys of an instant (a Date or milliseconds since the epoch), cached per quarter hour (every UTC offset is a multiple
 * of 15 minutes) and per time zone for the life of the process, so batch after batch of usage in
 * the same month costs one time-zone conversion per quarter hour, not one per batch.
 */
export function localKeys(timeZone: string): (instant: Date | number) => { day: string; month: string } {
  const quarters = keyCaches.get(timeZone) ?? new Map<number, { day: string; month: string }>();
  keyCaches.set(timeZone, quarters);
  return (instant) => {
    const ms = typeof instant === 'number' ? instant : instant.getTime();
    const bucket = Math.floor(ms / 900_000);
    let keys = quarters.get(bucket);
    if (!keys) {
      const date = localDate(new Date(ms), timeZone);
      keys = { day: dayKey(date), month: monthKey(date) };
      if (quarters.size >= MAX_CACHED_QUARTERS) quarters.clear();
      quarters.set(bucket, keys);
    }
    return keys;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function dayKey(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function monthKey(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}`;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** The billing period (local day or month in `timeZone`) that contains `instant`. */
export function periodOf(instant: Date, period: Period, timeZone: string): BillingPeriod {
  const date = localDate(instant, timeZone);
  if (period === 'day') {
    return { key: dayKey(date), start: startOfLocalDay(date, timeZone), end: startOfLocalDay(addDays(date, 1), timeZone) };
  }
  const first = { year: date.year, month: date.month, day: 1 };
  const next = date.month === 12 ? { year: date.year + 1, month: 1, day: 1 } : { year: date.year, month: date.month + 1, day: 1 };
  return { key: monthKey(date), start: startOfLocalDay(first, timeZone), end: startOfLocalDay(next, timeZone) };
}

/** Parses `YYYY-MM-DD` into a local date; undefined when it is not a real calendar date. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (t.getUTCFullYear() !== date.year || t.getUTCMonth() + 1 !== date.month || t.getUTCDate() !== date.day) return undefined;
  return date;
}

/** The day after a local date. */
export function nextLocalDate(date: LocalDate): LocalDate {
  return addDays(date, 1);
}
