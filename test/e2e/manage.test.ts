/**
 * The Manage side of the web app in Chromium (playwright-core) against a real server (demo mode,
 * a fresh SQLite file per language, the Tele2 profile): tariff change after a quote, a service on
 * and off, the black list (add, a bad number refused next to the field, remove with confirmation,
 * the "service is off" state), itemized details with real CSV and PDF downloads, a promised
 * payment on the zero-balance line and the payment history that shows it; in English and Persian
 * (right to left). Every state is saved to test-results/screenshots/manage-*.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../src/http/plugins/web-build.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fa } from '../../web/src/i18n/locales/fa.ts';
import { browserUnavailable, launchBrowser } from '../support/browser.ts';
import { checkAndShoot, eventually, PHONE, SCREENSHOTS } from '../support/e2e.ts';
import { testConfig } from '../support/factories.ts';

const skipReason = browserUnavailable();

const LINE = '+79520000001'; // black list on, 185.40 RUB
const ZERO = '+79520000002'; // prepaid at 0.00 RUB: may take a promised payment; no black list

type Money = { minor: number; text: string };
type Offers = {
  tariffs: { id: string; name: string; current: boolean; fee: Money }[];
  services: { id: string; name: string; active: boolean; includedInTariff: boolean }[];
};
type Problem = { code: string; detail: string };
type Details = { items: { type: string; counterparty: string | null }[]; charged: Money; credited: Money };
type Offer = { maxAmount: Money; fee: Money; available: boolean };
type Taken = { amount: Money; balance: Money };

const norm = (text: string) => text.replace(/[\s\u200e\u200f\u2066-\u2069]+/g, ' ').trim();
const textOf = async (locator: Locator) => norm((await locator.textContent()) ?? '');
const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');

describe.skipIf(skipReason !== undefined)('manage pages in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-e2e-manage-'));
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureWebBuilt(() => undefined);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { language: 'en', t: en, dir: 'ltr' },
    { language: 'fa', t: fa, dir: 'rtl' },
  ] as const;

  for (const { language, t, dir: direction } of cases) {
    it(`${language}: tariff with a quote, services, black list, details with downloads, promised payment, payment history`, async () => {
      const config = testConfig({
        KABINET_PROFILE: 'tele2-ru',
        SQLITE_FILE: path.join(dir, `${language}.db`),
        PORT: '0',
        KABINET_MODE: 'demo',
      });
      const server: RunningServer = await startServer(config, () => undefined);
      const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', acceptDownloads: true });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      const a11y: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      const call = async <T>(url: string, init: { method?: string; body?: unknown } = {}) => {
        const res = await fetch(`${server.url}/api/v1${url}`, {
          method: init.method ?? 'GET',
          headers: { 'accept-language': language, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: init.body === undefined ? null : JSON.stringify(init.body),
        });
        return (await res.json()) as T;
      };
      const shoot = async (name: string) => {
        a11y.push(...(await checkAndShoot(page, `manage-${language}-${name}`, { label: name })));
      };
      const line = encodeURIComponent(LINE);
      const zero = encodeURIComponent(ZERO);

      try {
        // The language is picked once on the start page and remembered.
        await page.goto(server.url);
        const languageSelect = page.getByRole('combobox', { name: en.nav.language });
        await languageSelect.waitFor();
        if (language !== 'en') await languageSelect.selectOption(language);
        await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.picker.title));
        await page.goto(`${server.url}/lines/${line}/manage`);
        await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.manage.title));
        expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([language, direction]);

        // Tariff (S4.5): the quote says the current and new fee, from when, then the change happens.
        const offers = await call<Offers>(`/lines/${line}/offers`);
        const current = offers.tariffs.find((x) => x.current)!;
        const target = offers.tariffs.find((x) => !x.current)!;
        await page.getByRole('radio', { name: target.name, exact: true }).check();
        await page.getByTestId('quote').click();
        await page.getByTestId('quote-panel').waitFor();
        expect(await textOf(page.getByTestId('quote-current-fee'))).toContain(norm(current.fee.text));
        expect(await textOf(page.getByTestId('quote-fee'))).toContain(norm(target.fee.text));
        expect(await textOf(page.getByTestId('quote-from'))).not.toBe('');
        await shoot('1-quote');
        await page.getByTestId('confirm-tariff').click();
        await eventually(async () =>
          expect(await textOf(page.locator('#tariffs .notice-success'))).toBe(fill(t.manage.changed, { name: target.name })),
        );
        expect((await call<{ tariff: { id: string } }>(`/lines/${line}`)).tariff.id).toBe(target.id);

        // A service on and off (S4.5).
        const service = offers.services.find((s) => !s.active && !s.includedInTariff && s.id !== 'black-list')!;
        const toggle = page.locator(`[data-service="${service.id}"] [role="switch"]`);
        await toggle.click();
        await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('true'));
        await shoot('2-service-on');
        await toggle.click();
        await eventually(async () => expect(await toggle.getAttribute('aria-checked')).toBe('false'));

        // Black list (S4.4): two demo numbers; a bad number is refused next to the field in the server's words.
        const blocked = page.locator('[data-testid="black-list"] li');
        await eventually(async () => expect(await blocked.count()).toBe(2));
        const input = page.getByLabel(t.blackList.field, { exact: true });
        await input.fill('12ab');
        await page.getByTestId('black-list-add').click();
        const fieldError = page.getByTestId('black-list-error');
        await fieldError.waitFor();
        const bad = await call<Problem>(`/lines/${line}/black-list`, { method: 'POST', body: { number: '12ab' } });
        expect(bad.code).toBe('invalid_number');
        expect(await textOf(fieldError)).toBe(norm(bad.detail));
        expect(await input.getAttribute('aria-invalid')).toBe('true');
        expect(await input.getAttribute('aria-describedby')).toContain((await fieldError.getAttribute('id'))!);
        await page.locator('#black-list').scrollIntoViewIfNeeded();
        await shoot('3-black-list-bad-number');
        await input.fill(LINE);
        await page.getByTestId('black-list-add').click();
        await eventually(async () => expect(await fieldError.getAttribute('data-code')).toBe('black_list_own_number'));
        await input.fill('8 921 555-12-35');
        await page.getByTestId('black-list-add').click();
        await eventually(async () => expect(await blocked.count()).toBe(3));
        expect(await page.locator('li[data-number="+79215551235"]').count()).toBe(1);
        expect(await textOf(page.locator('#black-list .notice-success'))).toBe(
          norm(fill(t.blackList.added, { number: '+7 921 555-12-35' })),
        );
        expect(await fieldError.count()).toBe(0);
        await shoot('4-black-list-added');
        // Remove asks first; cancel keeps the number, confirm removes it.
        await page.getByRole('button', { name: fill(t.blackList.removeLabel, { number: '+79215551235' }) }).click();
        await page.getByRole('button', { name: t.manage.cancel, exact: true }).last().click();
        expect(await blocked.count()).toBe(3);
        await page.getByRole('button', { name: fill(t.blackList.removeLabel, { number: '+79215551235' }) }).click();
        await shoot('5-black-list-confirm');
        await page.getByTestId('confirm-remove').click();
        await eventually(async () => expect(await blocked.count()).toBe(2));
        const list = await call<{ numbers: { number: string }[] }>(`/lines/${line}/black-list`);
        expect(list.numbers.map((n) => n.number)).not.toContain('+79215551235');

        // Itemized details (S4.6): usage for this line, then order this month and download both files.
        const now = Date.now();
        const start = (msAgo: number) => new Date(now - msAgo).toISOString();
        const usage = await fetch(`${server.url}/api/v1/usage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            batchKey: `e2e-${language}`,
            records: [
              { number: LINE, type: 'voice', counterparty: '+79161234567', start: start(60_000), seconds: 185 },
              { number: LINE, type: 'sms', counterparty: '+79161234567', start: start(50_000), count: 1 },
              { number: LINE, type: 'data', start: start(40_000), kilobytes: 20_480 },
            ],
          }),
        });
        expect(usage.status).toBe(201);
        await page.getByRole('link', { name: t.details.nav, exact: true }).click();
        await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.details.title));
        await page.getByTestId('preset-last').click();
        await page.getByTestId('preset-this').click();
        const from = await page.getByTestId('details-from').inputValue();
        const to = await page.getByTestId('details-to').inputValue();
        expect(from).toMatch(/^\d{4}-\d{2}-01$/);
        await page.getByTestId('details-order').click();
        const rows = page.locator('[data-testid="details-table"] tbody tr');
        const details = await call<Details>(`/lines/${line}/details?from=${from}&to=${to}`);
        // The three records posted above, besides the demo's usage of this month.
        const voice = details.items.filter((i) => i.type === 'voice');
        expect(voice.filter((i) => i.counterparty === '+79161234567')).toHaveLength(1);
        await eventually(async () => expect(await rows.count()).toBe(details.items.length));
        expect(await textOf(page.getByTestId('details-charged'))).toBe(norm(details.charged.text));
        await page.locator('[data-filter="voice"]').click();
        await eventually(async () => expect(await rows.count()).toBe(voice.length));
        for (const type of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')))) expect(type).toBe('voice');
        await shoot('6-details');
        const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
        expect(csv.suggestedFilename()).toBe(`details-${from}-${to}.csv`);
        const csvText = fs.readFileSync(await csv.path(), 'utf8');
        expect(csvText.split('\r\n')[0]).toBe('time,type,description,counterparty,quantity,amount,currency');
        expect(csvText).toContain('+79161234567');
        const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
        expect(pdf.suggestedFilename()).toBe(`details-${from}-${to}.pdf`);
        expect(
          fs
            .readFileSync(await pdf.path())
            .subarray(0, 5)
            .toString('latin1'),
        ).toBe('%PDF-');
        expect(await page.getByTestId('download-pdf').getAttribute('href')).toContain(`lang=${language}`);

        // The zero-balance line: no black list (say so, with the button), a promised payment (S4.7).
        await page.goto(`${server.url}/lines/${zero}/manage#promised-payment`);
        const offer = await call<Offer>(`/lines/${zero}/promised-payment`);
        expect(offer.available).toBe(true);
        const take = page.getByTestId('promised-take');
        await take.waitFor();
        expect(await textOf(page.getByTestId('promised-amount'))).toBe(norm(offer.maxAmount.text));
        expect(await textOf(page.getByTestId('promised-fee'))).toBe(norm(offer.fee.text));
        expect(await textOf(page.getByTestId('black-list-off'))).toContain(norm(fill(t.blackList.off, { service: '' })).split(' ')[0]!);
        await shoot('7-promised-offer');
        await take.click();
        const taken = page.getByTestId('promised-taken');
        await taken.waitFor();
        const after = await call<{ open: Taken | null; available: boolean; reasons: string[] }>(`/lines/${zero}/promised-payment`);
        expect(after.available).toBe(false);
        expect(after.reasons).toContain('open-promised-payment');
        expect(await textOf(taken)).toContain(norm(after.open!.balance.text));
        expect(await textOf(page.getByTestId('promised-balance'))).toBe(norm(after.open!.balance.text));
        expect(await textOf(page.getByTestId('promised-unavailable'))).toContain(t.promised.reasons['open-promised-payment']);
        await shoot('8-promised-taken');
        // Turning the black list on from its own card makes the add field appear.
        await page.getByTestId('black-list-enable').click();
        await page.getByTestId('black-list-input').waitFor();
        expect(await page.getByTestId('black-list-off').count()).toBe(0);
        await shoot('9-black-list-enabled');

        // Payment history: the promised payment and its fee on top, with the balance after each.
        await page.getByRole('link', { name: t.nav.history, exact: true }).click();
        const payments = page.locator('[data-testid="payments"] tbody tr');
        await eventually(async () => expect(await payments.count()).toBeGreaterThanOrEqual(2));
        // Newest first: the fee was posted right after the credit.
        const kinds = await payments.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
        expect(kinds.slice(0, 2)).toEqual(['promised-payment-fee', 'promised-payment']);
        const promisedRow = page.locator('[data-testid="payments"] tbody tr[data-kind="promised-payment"]');
        expect(await textOf(promisedRow)).toContain(t.payments.kinds['promised-payment']);
        expect(await textOf(payments.first().locator('td').nth(2))).toBe(norm(after.open!.balance.text));
        expect(await textOf(page.getByTestId('audit'))).toContain(t.payments.actions['promised-payment.take']);
        await shoot('10-payment-history');

        expect(pageErrors).toEqual([]);
        expect(a11y).toEqual([]);
      } finally {
        await context.close();
        await server.stop();
      }
    }, 120_000);
  }
});
