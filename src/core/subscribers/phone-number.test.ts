import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { toE164 } from './phone-number.ts';

describe('toE164', () => {
  it.each([
    ['+7 916 000-00-01', 'RU', '+79160000001'],
    ['8 (916) 000-00-01', 'RU', '+79160000001'],
    ['+36 30 123 4567', 'HU', '+36301234567'],
    ['06 30 123 4567', 'HU', '+36301234567'],
    ['+36 1 234 5678', 'HU', '+3612345678'],
  ])('reads %s in %s as %s', (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected);
  });

  it.each(['', 'abc', '+7916', '+7 916 000 00 01 99', "1'; drop table lines;--", '٠٩١٦'])('refuses %j', (input) => {
    expect(() => toE164(input, 'RU')).toThrow(AppError);
  });
});
