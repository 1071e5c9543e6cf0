import { describe, expect, it } from 'vitest';
import { codedLength, codingFor, decodeText, encodeText, isGsm7, splitText } from './gsm.ts';

describe('GSM 03.38', () => {
  it('keeps Latin text with extension characters in 7-bit and counts escapes twice', () => {
    expect(isGsm7('Hello {world} €5 [x]')).toBe(true);
    expect(codedLength('€')).toBe(2);
    expect(codingFor('Köszönjük')).toBe('gsm7'); // ö and ü are in the default alphabet
  });
  it('needs UCS-2 for Cyrillic, Persian and Hungarian ő/ű', () => {
    expect(codingFor('Баланс')).toBe('ucs2');
    expect(codingFor('موجودی')).toBe('ucs2');
    expect(codingFor('hűség')).toBe('ucs2');
  });
  it('round-trips both codings', () => {
    for (const text of ['Price: 5€ {ok} ~^|\\', 'Привет, мир', 'سلام 👋']) {
      const coding = codingFor(text);
      expect(decodeText(encodeText(text, coding), coding === 'gsm7' ? 0 : 8)).toBe(text);
    }
  });
  it('splits at 160/153 septets and 70/67 UCS-2 units without cutting a pair', () => {
    expect(splitText('a'.repeat(160))).toHaveLength(1);
    expect(splitText('a'.repeat(161)).map((p) => p.length)).toEqual([153, 8]);
    expect(splitText('я'.repeat(71)).map((p) => p.length)).toEqual([67, 4]);
    const parts = splitText('a'.repeat(152) + '€€' + 'a'.repeat(10));
    expect(parts[0]).toBe('a'.repeat(152));
    const emoji = splitText('я'.repeat(66) + '👋' + 'я'.repeat(10));
    expect(emoji[0]).toBe('я'.repeat(66));
  });
});
