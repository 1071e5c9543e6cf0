/** Phone numbers enter the core as E.164 strings, whatever the channel typed. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { AppError } from '../errors.ts';

/**
 * Parses what a user typed (`+7 916 000-00-01`, `89160000001`, `06 30 123 4567`) into E.164,
 * reading national formats as the operator's country. Throws `invalid_number`.
 */
export function toE164(input: string, country: string): string {
  const key = `${country}|${input}`;
  const known = parsed.get(key);
  if (known !== undefined) return known;
  const e164 = parse(input, country);
  // Parsing with full metadata costs about 0.3 ms: remember recent valid numbers (channels ask per step).
  if (parsed.size >= 10_000) parsed.clear();
  parsed.set(key, e164);
  return e164;
}

const parsed = new Map<string, string>();

function parse(input: string, country: string): string {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 32 || !/^[+0-9 ()\-.]+$/.test(trimmed)) {
    throw new AppError('invalid_number', `not a phone number: ${JSON.stringify(input.slice(0, 40))}`, { number: input.slice(0, 32) });
  }
  const parsed = parsePhoneNumberFromString(trimmed, country as CountryCode);
  if (!parsed?.isValid()) throw new AppError('invalid_number', `invalid phone number ${trimmed}`, { number: trimmed });
  return parsed.number;
}
