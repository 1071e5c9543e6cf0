/** Display formats in the screen's language: dates, data volumes, phone numbers. */
import { currentLocale } from './i18n/index.ts';

export function formatDate(iso: string, withTime = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale(), {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(date);
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat(currentLocale()).format(value);
}

/** Megabytes as MB or GB, with the unit in the screen's language. */
export function formatData(mb: number): string {
  const gb = mb >= 1024;
  return new Intl.NumberFormat(currentLocale(), {
    style: 'unit',
    unit: gb ? 'gigabyte' : 'megabyte',
    maximumFractionDigits: 1,
  }).format(gb ? mb / 1024 : mb);
}

/** `+79520000001` → `+7 952 000-00-01` style grouping for reading; the API keeps E.164. */
export function formatNumber(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  if (m) return `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}`;
  const h = /^\+36(\d{2})(\d{3})(\d{3,4})$/.exec(e164);
  if (h) return `+36 ${h[1]} ${h[2]} ${h[3]}`;
  return e164;
}

/** An amount in minor units as money in the screen's language; `signed` shows + for money coming in. */
export function formatMinor(minor: number, currency: string, minorUnits: number, signed = false): string {
  return new Intl.NumberFormat(currentLocale(), {
    style: 'currency',
    currency,
    minimumFractionDigits: minorUnits,
    maximumFractionDigits: minorUnits,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(minor / 10 ** minorUnits);
}

/** A billing month `YYYY-MM` by name (`November 2026` / `Nov`), in the screen's language, on the Gregorian calendar billing uses. */
export function formatMonth(month: string, style: 'long' | 'short'): string {
  const [year = 1970, mm = 1] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone: 'UTC',
    calendar: 'gregory',
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
  }).format(new Date(Date.UTC(year, mm - 1, 15)));
}

/** A billing day `YYYY-MM-DD` (no time zone shift), in the screen's language, on the Gregorian calendar. */
export function formatDay(day: string): string {
  const [year = 1970, mm = 1, dd = 1] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(currentLocale(), { timeZone: 'UTC', calendar: 'gregory', day: 'numeric', month: 'long' }).format(
    new Date(Date.UTC(year, mm - 1, dd)),
  );
}
