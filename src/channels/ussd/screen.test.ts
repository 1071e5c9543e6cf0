import { describe, expect, it } from 'vitest';
import { GSM_SCREEN, UCS2_SCREEN, fitsScreen, paginate } from './screen.ts';

describe('USSD screens', () => {
  it('knows the two limits: 182 GSM 7-bit characters, 80 when UCS-2 is needed', () => {
    expect(fitsScreen('a'.repeat(GSM_SCREEN))).toBe(true);
    expect(fitsScreen('a'.repeat(GSM_SCREEN + 1))).toBe(false);
    expect(fitsScreen('я'.repeat(UCS2_SCREEN))).toBe(true);
    expect(fitsScreen('a'.repeat(UCS2_SCREEN) + 'я')).toBe(false);
  });

  it('paginates long Russian and Persian content so that every screen fits, with the more key on all but the last', () => {
    for (const word of ['Электронный помощник', 'سرویس‌های فعال من']) {
      const lines = Array.from({ length: 12 }, (_, i) => `${i + 1} ${word}`);
      const screens = paginate(lines, (more) => (more ? '99 Далее' : '00 Меню'));
      expect(screens.length).toBeGreaterThan(2);
      for (const s of screens) expect(fitsScreen(s)).toBe(true);
      expect(screens.slice(0, -1).every((s) => s.endsWith('99 Далее'))).toBe(true);
      expect(screens.at(-1)).toMatch(/00 Меню$/);
      const shown = screens.join('\n');
      for (const l of lines) expect(shown).toContain(l);
    }
  });

  it('hard-wraps a single line longer than a screen', () => {
    const long = 'Подключено: ' + Array.from({ length: 20 }, (_, i) => `услуга ${i}`).join(', ');
    const screens = paginate([long], (more) => (more ? '99 Далее' : ''));
    expect(screens.length).toBeGreaterThan(1);
    for (const s of screens) expect(fitsScreen(s)).toBe(true);
    expect(
      screens
        .map((s) => s.replace(/\n?99 Далее$/, ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(long.replace(/\s+/g, ' '));
  });
});
