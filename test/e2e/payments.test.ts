/**
 * Top-up by bank card in a real browser: the top-up page, the hosted payment page simulator (its
 * own process, started by `startServer` in demo mode) and the result page, with a paid and a
 * declined card, in English and in Persian (right to left). Screenshots of each page are saved to
 * test-results/screenshots/ (payments-*).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fa } from '../../web/src/i18n/locales/fa.ts';
import { browserUnavailable } from '../support/browser.ts';
import { checkAndShoot, eventually, norm, PHONE, textOf, useE2eServer } from '../support/e2e.ts';

const skipReason = browserUnavailable();

describe.skipIf(skipReason !== undefined)('top-up by card in Chromium', () => {
  const rig = useE2eServer('payments', { KABINET_PROFILE: 'tele2-ru', KABINET_PAYMENT_PROVIDER: 'simulated', KABINET_PAYSIM_PORT: '0' });

  async function balanceMinor(number: string): Promise<number> {
    const res = await fetch(`${rig.server.url}/api/v1/lines/${encodeURIComponent(number)}`);
    return ((await res.json()) as { balance: { minor: number } }).balance.minor;
  }

  const shoot = (page: Page, name: string) => checkAndShoot(page, name, { desktop: false });

  async function payOnHostedPage(page: Page, card: string, direction: 'ltr' | 'rtl'): Promise<void> {
    await page.waitForURL((url) => url.pathname.startsWith('/pay/pi_sim_'));
    expect(new URL(page.url()).origin).not.toBe(rig.server.url);
    expect(await page.evaluate('document.documentElement.dir')).toBe(direction);
    await page.locator('#number').fill(card);
    await page.locator('#expiry').fill('12/40');
    await page.locator('#cvc').fill('123');
    await page.locator('#holder').fill('Test Payer');
  }

  const cases = [
    { language: 'en', t: en, number: '+79520000001', dir: 'ltr' },
    { language: 'fa', t: fa, number: '+79520000010', dir: 'rtl' },
  ] as const;

  for (const { language, t, number, dir: direction } of cases) {
    it(`${language}: tops up by card from home, then a declined card changes nothing`, async () => {
      const context = await rig.browser.newContext({ viewport: PHONE, locale: 'en-US' });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      const a11y: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      const encoded = encodeURIComponent(number);

      await page.goto(rig.server.url);
      const languageSelect = page.getByRole('combobox', { name: en.nav.language });
      await languageSelect.waitFor();
      if (language !== 'en') await languageSelect.selectOption(language);
      await page.goto(`${rig.server.url}/lines/${encoded}`);
      await page.getByRole('link', { name: t.home.topUp }).click();

      // The top-up page: presets in the operator's currency, the current balance.
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.topUp.title));
      expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([language, direction]);
      const before = await balanceMinor(number);
      await page.getByTestId('preset-50000').click();
      expect(await page.getByTestId('preset-50000').getAttribute('aria-pressed')).toBe('true');
      const amountText = await textOf(page.getByTestId('preset-50000'));
      a11y.push(...(await shoot(page, `payments-${language}-1-top-up`)));
      await page.getByTestId('pay').click();

      // The hosted page of the simulator, on its own origin: amount and merchant, card form.
      await payOnHostedPage(page, '4242 4242 4242 4242', direction);
      expect(await textOf(page.getByTestId('amount'))).toBe(amountText);
      a11y.push(...(await shoot(page, `payments-${language}-2-hosted-page`)));
      await page.locator('button.pay').click();

      // Back at Kabinet: the result page waits for the webhook, then shows the new balance.
      await page.waitForURL((url) => url.origin === rig.server.url && url.pathname.startsWith(`/lines/${encoded}/top-up/pay_`));
      await eventually(async () => expect(await page.getByTestId('payment-status').getAttribute('data-status')).toBe('succeeded'));
      expect(await balanceMinor(number)).toBe(before + 50_000);
      const expectedBalance = await fetch(`${rig.server.url}/api/v1/lines/${encoded}`, { headers: { 'accept-language': language } });
      const balanceText = ((await expectedBalance.json()) as { balance: { text: string } }).balance.text;
      await eventually(async () => expect(await textOf(page.getByTestId('new-balance'))).toBe(norm(balanceText)));
      expect(await page.evaluate('document.documentElement.dir')).toBe(direction);
      a11y.push(...(await shoot(page, `payments-${language}-3-result-paid`)));

      // A declined card: another amount typed in, the payment fails, the balance stays.
      await page.goto(`${rig.server.url}/lines/${encoded}/top-up`);
      await page.getByTestId('amount').fill('200');
      await page.getByTestId('pay').click();
      await payOnHostedPage(page, '4000 0000 0000 0002', direction);
      await page.locator('button.pay').click();
      await page.waitForURL((url) => url.origin === rig.server.url);
      await eventually(async () => expect(await page.getByTestId('payment-status').getAttribute('data-status')).toBe('failed'));
      expect(await textOf(page.getByTestId('payment-status'))).toBe(t.topUp.declined);
      expect(await balanceMinor(number)).toBe(before + 50_000);
      a11y.push(...(await shoot(page, `payments-${language}-4-result-declined`)));
      await page.getByTestId('try-again').click();
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.topUp.title));

      expect(pageErrors).toEqual([]);
      expect(a11y).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
