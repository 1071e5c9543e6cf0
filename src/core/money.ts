/** Money as the channels show it: integer minor units plus the text in the reader's language. */
import type { Language } from '../profiles/schema.ts';

export type MoneyView = { minor: number; currency: string; text: string };

const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', hu: 'hu-HU', fa: 'fa-IR' };
const formatters = new Map<string, Intl.NumberFormat>();

export function moneyView(minor: number, currency: { code: string; minorUnits: number }, language: Language): MoneyView {
  const key = `${language}|${currency.code}|${currency.minorUnits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], {
      style: 'currency',
      currency: currency.code,
      minimumFractionDigits: currency.minorUnits,
      maximumFractionDigits: currency.minorUnits,
    });
    formatters.set(key, format);
  }
  return { minor, currency: currency.code, text: format.format(minor / 10 ** currency.minorUnits) };
}
