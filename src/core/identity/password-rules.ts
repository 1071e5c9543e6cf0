/** What a new web password or contract password must look like. A refusal names the rule (`SECRET_RULES` in i18n/error-messages.ts words it). */
import { AppError } from '../errors.ts';

/** The longest web password accepted (scrypt hashes any length; this bounds the work per login). */
export const PASSWORD_MAX_LENGTH = 128;
/** A web password needs at least this many different characters. */
export const PASSWORD_MIN_DISTINCT = 3;

/** Throws `weak_secret` for a web password that is too short, too long, or trivially guessable. */
export function checkNewPassword(password: string, minLength: number, number: string): void {
  if (password.length < minLength) throw new AppError('weak_secret', 'password too short', { rule: 'min-length', n: minLength });
  if (password.length > PASSWORD_MAX_LENGTH)
    throw new AppError('weak_secret', 'password too long', { rule: 'max-length', n: PASSWORD_MAX_LENGTH });
  if (new Set(password).size < PASSWORD_MIN_DISTINCT)
    throw new AppError('weak_secret', 'password of too few characters', { rule: 'distinct', n: PASSWORD_MIN_DISTINCT });
  if (number.replace(/\D/g, '').includes(password.replace(/\D/g, '')) && /^\d+$/.test(password)) {
    throw new AppError('weak_secret', 'password is part of the number', { rule: 'not-number' });
  }
}

/** Throws `weak_secret` unless the PIN has exactly `digits` digits and is not a run or a repeat. */
export function checkNewPin(pin: string, digits: number): void {
  if (!new RegExp(`^[0-9]{${digits}}$`).test(pin)) throw new AppError('weak_secret', 'pin format', { rule: 'pin-digits', n: digits });
  const ascending = '0123456789012345';
  const descending = '9876543210987654';
  if (new Set(pin).size === 1 || ascending.includes(pin) || descending.includes(pin)) {
    throw new AppError('weak_secret', 'trivial pin', { rule: 'pin-trivial' });
  }
}
