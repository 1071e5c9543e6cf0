/**
 * The web app in a real browser (Chromium through playwright-core) against a real server
 * (`startServer`, demo mode, a fresh SQLite file, the Tele2 profile): number picker, home,
 * tariff change with a quote, services on and off, history, refusals shown inline, in English
 * and in Persian (right to left). Every page is saved to test-results/screenshots/ at phone
 * (390x844) and desktop (1280x800) size.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fa } from '../../web/src/i18n/locales/fa.ts';
import { browserUnavailable } from '../support/browser.ts';
import { checkAndShoot, eventually, norm, PHONE, textOf, useE2eServer } from '../support/e2e.ts';

const skipReason = browserUnavailable();

type Money = { text: string };
type Overview = {
  tariff: { id: string; name: string; fee: Money };
  balance: Money;
  customer: { name: string };
  services: { id: string; name: string }[];
  blockedNumbers: string[];
};
type Offers = {
  tariffs: { id: string; name: string; current: boolean; fee: Money }[];
  services: { id: string; name: string; active: boolean; includedInTariff: boolean }[];
};

describe.skipIf(skipReason !== undefined)('web app in Chromium', () => {
  const rig = useE2eServer('portal', { KABINET_PROFILE: 'tele2-ru' });

  /** The API as the page sees it, in the page's language, to compare the screen with. */
  async function apiGet<T>(url: string, language: string): Promise<T> {
    const res = await fetch(`${rig.server.url}/api/v1${url}`, { headers: { 'accept-language': language } });
    return (await res.json()) as T;
  }

  /** Saves the page at phone and desktop size and returns its accessibility violations. */
  const shoot = (page: Page, name: string) => checkAndShoot(page, name);

  const cases = [
    { language: 'en', t: en, number: '+79520000001', dir: 'ltr' },
    { language: 'fa', t: fa, number: '+79520000010', dir: 'rtl' },
  ] as const;

  for (const { language, t, number, dir: direction } of cases) {
    it(`${language}: picks a number, reads home, changes tariff after a quote, toggles a service, reads history`, async () => {
      const context = await rig.browser.newContext({ viewport: PHONE, locale: 'en-US' });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      const a11y: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      const encoded = encodeURIComponent(number);

      // Number picker; switch the language with the labelled select and check the page turns around.
      await page.goto(rig.server.url);
      const languageSelect = page.getByRole('combobox', { name: en.nav.language });
      await languageSelect.waitFor();
      if (language !== 'en') await languageSelect.selectOption(language);
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.picker.title));
      expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([language, direction]);
      const demo = await apiGet<{ lines: { number: string }[] }>('/demo/lines', language);
      await eventually(async () => expect(await page.locator('.line-card').count()).toBe(demo.lines.length));

      // Right-to-left layout: the brand sits at the start edge, which is the right in Persian.
      const brand = await page.locator('.brand').boundingBox();
      const brandCentre = brand!.x + brand!.width / 2;
      if (direction === 'rtl') expect(brandCentre).toBeGreaterThan(PHONE.width / 2);
      else expect(brandCentre).toBeLessThan(PHONE.width / 2);
      a11y.push(...(await shoot(page, `${language}-1-picker`)));

      // Remembered: a reload keeps the language and direction.
      await page.reload();
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.picker.title));
      expect(await page.evaluate('document.documentElement.dir')).toBe(direction);

      // Home (S4.4).
      await page.locator(`.line-card[data-number="${number}"]`).click();
      const before = await apiGet<Overview>(`/lines/${encoded}`, language);
      await eventually(async () => expect(await textOf(page.getByTestId('balance'))).toBe(norm(before.balance.text)));
      expect(await textOf(page.getByTestId('tariff-name'))).toBe(before.tariff.name);
      expect(await textOf(page.getByTestId('customer-name'))).toBe(before.customer.name);
      for (const service of before.services) expect(await textOf(page.getByTestId('services'))).toContain(service.name);
      expect(await page.locator('[data-testid="blocked-numbers"] li').count()).toBe(before.blockedNumbers.length);
      const topUp = page.getByRole('link', { name: t.home.topUp });
      expect(await topUp.getAttribute('href')).toBe(`/lines/${encoded}/top-up`);
      if (direction === 'rtl') {
        // The hero's start edge is on the right: its heading is right-aligned against the card.
        const hero = (await page.locator('.hero').boundingBox())!;
        const label = (await page.locator('#balance-title').boundingBox())!;
        expect(hero.x + hero.width - (label.x + label.width)).toBeLessThan(hero.x + hero.width / 2 - hero.x);
        expect(label.x).toBeGreaterThan(hero.x + hero.width / 2);
      }
      a11y.push(...(await shoot(page, `${language}-2-home`)));

      // Manage (S4.5): quote first, then change.
      await page.getByRole('link', { name: t.nav.manage, exact: true }).click();
      const offers = await apiGet<Offers>(`/lines/${encoded}/offers`, language);
      const target = offers.tariffs.find((x) => !x.current)!;
      await page.getByRole('radio', { name: target.name, exact: true }).check();
      await page.getByRole('button', { name: t.manage.quote }).click();
      const quotePanel = page.getByTestId('quote-panel');
      await quotePanel.waitFor();
      expect(await textOf(page.getByTestId('quote-fee'))).toContain(norm(target.fee.text));
      expect(await textOf(page.getByTestId('quote-from'))).not.toBe('');
      a11y.push(...(await shoot(page, `${language}-3-quote`)));
      await page.getByTestId('confirm-tariff').click();
      await eventually(async () =>
        expect(await textOf(page.locator('.notice-success'))).toBe(t.manage.changed.replace('{{name}}', target.name)),
      );
      expect((await apiGet<Overview>(`/lines/${encoded}`, language)).tariff.id).toBe(target.id);
      await eventually(async () => expect(await page.locator(`[data-tariff="${target.id}"]`).textContent()).toContain(t.manage.current));

      // A service on with the keyboard, then off with a click.
      const service = offers.services.find((s) => !s.active && !s.includedInTariff)!;
      const toggle = page.locator(`[data-service="${service.id}"] [role="switch"]`);
      await toggle.focus();
      await page.keyboard.press('Space');
      await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('true'));
      expect(await textOf(page.locator(`[data-service="${service.id}"] .notice-success`))).toBe(
        t.manage.enabled.replace('{{name}}', service.name),
      );
      a11y.push(...(await shoot(page, `${language}-4-manage`)));
      await toggle.click();
      await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('false'));

      // A refusal from the server appears inline in the page's language: turn the service on,
      // turn it off behind the page's back, then ask the stale page to turn it off again.
      await toggle.click();
      await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('true'));
      const behind = await fetch(`${rig.server.url}/api/v1/lines/${encoded}/services/${service.id}`, {
        method: 'DELETE',
        headers: { 'accept-language': language },
      });
      expect(behind.status).toBe(200);
      await toggle.click();
      const alert = page.locator(`[data-service="${service.id}"] [role="alert"]`);
      await alert.waitFor();
      const again = await fetch(`${rig.server.url}/api/v1/lines/${encoded}/services/${service.id}`, {
        method: 'DELETE',
        headers: { 'accept-language': language },
      });
      const problem = (await again.json()) as { code: string; detail: string };
      expect(problem.code).toBe('service_not_active');
      expect(await alert.getAttribute('data-code')).toBe('service_not_active');
      expect(await textOf(alert)).toBe(norm(problem.detail));
      await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('false'));
      a11y.push(...(await shoot(page, `${language}-5-refusal`)));

      // History: the new tariff period on top, the service changes, the audit trail.
      await page.getByRole('link', { name: t.nav.history, exact: true }).click();
      const periods = page.getByTestId('tariff-periods').locator('tbody tr');
      await eventually(async () => expect(await periods.count()).toBe(2));
      expect(await textOf(periods.first())).toContain(target.name);
      expect(await textOf(periods.nth(1))).toContain(before.tariff.name);
      await eventually(async () => expect(await textOf(page.getByTestId('service-changes'))).toContain(service.name));
      const audit = await textOf(page.getByTestId('audit'));
      expect(audit).toContain(t.history.actions['tariff.change']);
      expect(audit).toContain(t.history.actions['service.activate']);
      expect(audit).toContain(t.history.actions['service.deactivate']);
      a11y.push(...(await shoot(page, `${language}-6-history`)));

      // Home again shows the new tariff; a deep link to an unknown number shows the server's words.
      await page.getByRole('link', { name: t.nav.home, exact: true }).click();
      await eventually(async () => expect(await textOf(page.getByTestId('tariff-name'))).toBe(target.name));
      await page.goto(`${rig.server.url}/lines/%2B79529999999`);
      const missing = await apiGet<{ detail: string }>('/lines/%2B79529999999', language);
      await eventually(async () => expect(await textOf(page.locator('[role="alert"]'))).toBe(norm(`${missing.detail}${t.app.retry}`)));
      a11y.push(...(await shoot(page, `${language}-7-unknown-number`)));

      expect(pageErrors).toEqual([]);
      expect(a11y).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
