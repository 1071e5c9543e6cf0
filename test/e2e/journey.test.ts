/**
 * A new user's whole first visit, in one browser session, as issue 6 asks it to be tried: the demo
 * as `npm start` runs it (mts-ru, demo mode, the hosted payment page simulator in its own process),
 * and nothing but what a person sees: links, buttons and labelled fields found by their visible
 * English text, the SMS code read on the handset simulator in a second tab.
 *
 * Register the zero-balance line +79160000005 → take a promised payment → top up 1,000.00 by card
 * (which repays the promised payment) → change the tariff after its quote → read the history, where
 * every activity is in words and the tables fit a phone. Screenshots: test-results/screenshots/journey-*.
 */
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/locales/en.ts';
import { browserUnavailable } from '../support/browser.ts';
import { PHONE, SCREENSHOTS, eventually, useE2eServer } from '../support/e2e.ts';

const skipReason = browserUnavailable();
const NUMBER = '+79160000005';
const PASSWORD = 'Morozova-2026!';

describe.skipIf(skipReason !== undefined)("a new user's first visit in Chromium", () => {
  const rig = useE2eServer('journey', {
    KABINET_PROFILE: 'mts-ru',
    KABINET_PAYMENT_PROVIDER: 'simulated',
    KABINET_PAYSIM_PORT: '0',
    KABINET_SCRYPT_COST: '1024',
  });
  let context: BrowserContext;
  let page: Page;
  let shots = 0;

  // After the rig's beforeAll (hooks run in the order they are registered); closed with the browser.
  beforeAll(async () => {
    context = await rig.browser.newContext({ viewport: PHONE, locale: 'en-GB' });
    page = await context.newPage();
  });

  const shoot = (name: string, p: Page = page) =>
    p.screenshot({ path: path.join(SCREENSHOTS, `journey-${String(++shots).padStart(2, '0')}-${name}.png`), fullPage: true });
  const main = () => page.locator('main');
  const mainText = async () => (await main().innerText()).replace(/\s+/g, ' ');

  /** The newest code on the handset simulator, opened in a second tab as the demo banner says. */
  async function codeOnHandset(): Promise<string> {
    const phone = await context.newPage();
    try {
      await phone.goto(`${rig.server.url}/dev/phone?number=${encodeURIComponent(NUMBER)}`);
      let code: string | undefined;
      await eventually(async () => {
        code = /\b(\d{6})\b/.exec(await phone.locator('body').innerText())?.[1];
        expect(code).toBeDefined();
      });
      await shoot('handset', phone);
      return code!;
    } finally {
      await phone.close();
    }
  }

  it('registers, takes a promised payment, tops up by card, changes the tariff and reads the history', async () => {
    await page.goto(rig.server.url);
    await page.evaluate("localStorage.setItem('kabinet.language', 'en')");
    await page.reload();
    await page.getByRole('link', { name: en.auth.register.title }).click();
    await page.getByLabel(en.auth.number).fill(NUMBER);
    await page.getByRole('button', { name: en.auth.sendCode }).click();
    await page.getByLabel(en.auth.code).fill(await codeOnHandset());
    await page.getByLabel(en.auth.newPassword).fill(PASSWORD);
    await shoot('register');
    await page.getByRole('button', { name: en.auth.register.submit }).click();

    // Home: a zero balance, nothing paid yet.
    await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/lines/${NUMBER}`);
    await eventually(async () => expect(await mainText()).toContain('RUB 0.00'));
    await shoot('home-new');

    // Promised payment: 800.00 less its 7.00 fee.
    await page.getByRole('link', { name: en.nav.manage }).first().click();
    await page.getByRole('button', { name: 'Take RUB 800.00' }).click();
    await eventually(async () => expect(await mainText()).toContain('Balance now: RUB 793.00'));
    await shoot('promised-payment');

    // Top-up by card on the payment provider's page, which is not ours.
    await page.getByRole('link', { name: en.nav.home }).first().click();
    await page.getByRole('link', { name: en.home.topUp }).first().click();
    await page.getByText('RUB 1,000.00', { exact: true }).click();
    await page.getByRole('button', { name: en.topUp.pay }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/pay/'));
    expect(new URL(page.url()).origin).not.toBe(rig.server.url);
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/30');
    await page.getByLabel('CVC').fill('123');
    await page.getByLabel('Name on card').fill('Olga Morozova');
    await shoot('hosted-payment-page');
    await page.getByRole('button', { name: 'Pay RUB 1,000.00' }).click();
    await page.waitForURL((url) => url.origin === rig.server.url);
    // 793.00 + 1,000.00, less the 800.00 promised payment repaid from it.
    await eventually(async () => expect(await mainText()).toContain('RUB 993.00'), 15_000);
    await shoot('top-up-paid');

    // Tariff: the quote first, then the change.
    await page.getByRole('link', { name: en.nav.manage }).first().click();
    await page.getByText('Smart Mini', { exact: true }).first().click();
    await page.getByRole('button', { name: en.manage.quote }).click();
    await eventually(async () => expect(await mainText()).toContain('Before you switch to Smart Mini'));
    await shoot('tariff-quote');
    await page.getByRole('button', { name: 'Switch to Smart Mini' }).click();
    await eventually(async () => expect(await mainText()).toContain('Your tariff is now Smart Mini.'));

    // History: the money in order, every activity in words, nothing wider than the phone.
    await page.getByRole('link', { name: en.nav.history }).first().click();
    await eventually(async () => expect(await page.getByTestId('audit').innerText()).toContain(en.history.actions['tariff.change']));
    const payments = (await page.getByTestId('payments').innerText()).replace(/\s+/g, ' ');
    expect(payments).toMatch(/Promised payment repaid.*Top-up.*Promised payment fee.*Promised payment/);
    const audit = await page.getByTestId('audit').innerText();
    for (const action of ['auth.register', 'payment.succeeded', 'promised-payment.take'] as const) {
      expect(audit).toContain({ ...en.history.actions, ...en.payments.actions }[action]);
    }
    expect(audit).not.toMatch(/\b(auth|payment)\.[a-z]/);
    const tooWide = await page.evaluate<number>(
      "[...document.querySelectorAll('.table-wrap')].filter((e) => e.scrollWidth > e.clientWidth).length",
    );
    expect(tooWide).toBe(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await shoot('history');

    // The same figures through the API the page used.
    const overview = (await (await fetch(`${rig.server.url}/api/v1/lines/${encodeURIComponent(NUMBER)}`)).json()) as {
      balance: { minor: number };
      tariff: { id: string };
    };
    expect(overview.balance.minor).toBe(99_300);
    expect(overview.tariff.id).toBe('smart-mini');
  }, 120_000);
});
