/**
 * The business cabinet (S4.8) in Chromium against a real demo server (Tele2 profile, fresh SQLite
 * file per language): a company applies with two lines and their PUKs (a wrong PUK is refused
 * inline first), the demo operator admin (password printed at start) approves, the contact number
 * signs in with the SMS code from the demo outbox, sees its lines, changes a line's tariff and
 * downloads a PDF. In English and in Persian (right to left); every page saved at phone and
 * desktop size to test-results/screenshots/ and checked with axe.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../src/http/plugins/web-build.ts';
import { startServer } from '../../src/server.ts';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fa } from '../../web/src/i18n/locales/fa.ts';
import { browserUnavailable, launchBrowser } from '../support/browser.ts';
import { checkAndShoot, eventually, norm, PHONE, SCREENSHOTS, textOf } from '../support/e2e.ts';
import { testConfig } from '../support/factories.ts';

const skipReason = browserUnavailable();

const A = '+79520000001'; // PUK 11111111 in profiles/tele2-ru/demo.yaml
const B = '+79520000002'; // PUK 22222222
const CONTACT = '+79991234567';

describe.skipIf(skipReason !== undefined)('business cabinet in Chromium', () => {
  let browser: Browser;
  const dirs: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureWebBuilt(() => undefined);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const shoot = (page: Page, name: string) => checkAndShoot(page, `business-${name}`, { label: name });

  const cases = [
    { language: 'en', t: en, dir: 'ltr', company: 'Romashka Trading LLC', region: 'Saint Petersburg' },
    { language: 'fa', t: fa, dir: 'rtl', company: 'شرکت بازرگانی نمونه', region: 'سن پترزبورگ' },
  ] as const;

  for (const { language, t, dir: direction, company, region } of cases) {
    it(`${language}: applies with PUKs, the operator admin approves, the company admin signs in, changes a tariff, downloads a PDF`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-e2e-business-'));
      dirs.push(dir);
      const printed: string[] = [];
      const config = testConfig({
        KABINET_PROFILE: 'tele2-ru',
        SQLITE_FILE: path.join(dir, 'e2e.db'),
        PORT: '0',
        KABINET_MODE: 'demo',
        KABINET_COOKIE_SECURE: 'false',
      });
      const server = await startServer(config, (line) => printed.push(line));
      // The demo admin's password is printed once its hash is stored, just after start.
      let password: string | undefined;
      await eventually(async () => {
        password = /login demo-admin, password (\S+)/.exec(printed.join('\n'))?.[1];
        expect(password).toBeDefined();
      }, 30_000);
      const pageErrors: string[] = [];
      const a11y: string[] = [];
      const open = async () => {
        const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', acceptDownloads: true });
        context.setDefaultTimeout(10_000);
        const page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        return { context, page };
      };
      const chooseLanguage = async (page: Page) => {
        const select = page.getByRole('combobox', { name: en.nav.language });
        await select.waitFor();
        if (language !== 'en') await select.selectOption(language);
        await eventually(async () =>
          expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([language, direction]),
        );
      };

      try {
        // The application form, reached from the layout's "For business" link.
        const applicant = await open();
        const page = applicant.page;
        await page.goto(server.url);
        await chooseLanguage(page);
        await page.getByRole('link', { name: t.business.link }).click();
        await page.getByRole('link', { name: t.business.signIn.apply }).click();
        await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.business.apply.title));
        await page.getByLabel(t.business.apply.company).fill(company);
        await page.getByLabel(t.business.apply.region).fill(region);
        await page.getByLabel(t.business.apply.contactNumber).fill(CONTACT);
        await page.getByLabel(t.business.apply.lineNumber.replace('{{n}}', '1')).fill(A);
        await page.getByLabel(t.business.apply.puk.replace('{{n}}', '1')).fill('11111111');
        await page.getByRole('button', { name: t.business.apply.addLine }).click();
        await page.getByRole('button', { name: t.business.apply.addLine }).click();
        expect(await page.locator('.biz-line-row').count()).toBe(3);
        await page.getByRole('button', { name: t.business.apply.removeLine.replace('{{n}}', '3') }).click();
        expect(await page.locator('.biz-line-row').count()).toBe(2);
        await page.getByLabel(t.business.apply.lineNumber.replace('{{n}}', '2')).fill(B);
        await page.getByLabel(t.business.apply.puk.replace('{{n}}', '2')).fill('22222229');
        await page.getByLabel(t.business.apply.message).fill('Two lines for our drivers.');
        a11y.push(...(await shoot(page, `${language}-1-apply`)));
        await page.getByRole('button', { name: t.business.apply.submit }).click();
        const refusal = page.locator('[role="alert"]');
        await refusal.waitFor();
        expect(await refusal.getAttribute('data-code')).toBe('puk_invalid');
        expect(await textOf(refusal)).toContain(B);
        a11y.push(...(await shoot(page, `${language}-2-wrong-puk`)));
        await page.getByLabel(t.business.apply.puk.replace('{{n}}', '2')).fill('22222222');
        await page.getByRole('button', { name: t.business.apply.submit }).click();
        await page.getByTestId('application-sent').waitFor();
        a11y.push(...(await shoot(page, `${language}-3-sent`)));

        // The operator admin signs in with the demo password and approves.
        const admin = await open();
        await admin.page.goto(server.url);
        await chooseLanguage(admin.page);
        await admin.page.goto(`${server.url}/admin/business`);
        await admin.page.getByLabel(t.business.admin.login).fill('demo-admin');
        await admin.page.getByLabel(t.business.admin.password).fill(password!);
        a11y.push(...(await shoot(admin.page, `${language}-4-staff-sign-in`)));
        await admin.page.getByRole('button', { name: t.business.admin.signInButton }).click();
        const card = admin.page.locator('.card', { hasText: company });
        await card.waitFor();
        expect(await textOf(card)).toContain(norm(A.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, '$1'))); // the number is shown formatted
        a11y.push(...(await shoot(admin.page, `${language}-5-review`)));
        await card.getByRole('button', { name: t.business.admin.approve, exact: true }).click();
        await eventually(async () => expect(await textOf(admin.page.locator('.notice-success'))).toBe(t.business.admin.approved));
        a11y.push(...(await shoot(admin.page, `${language}-6-approved`)));
        await admin.context.close();

        // The contact number signs in with the code the demo outbox shows.
        await page.getByRole('link', { name: t.business.apply.toCabinet }).click();
        await page.getByLabel(t.business.signIn.number).fill(CONTACT);
        await page.getByRole('button', { name: t.business.signIn.sendCode }).click();
        await page.getByLabel(t.business.signIn.code).waitFor();
        const outbox = (await (await fetch(`${server.url}/api/v1/dev/outbox?number=${encodeURIComponent(CONTACT)}`)).json()) as {
          messages: { text: string }[];
        };
        expect(outbox.messages.some((m) => m.text.includes(company))).toBe(true); // the decision SMS
        const code = /\b(\d{6})\b/.exec(outbox.messages[0]?.text ?? '')?.[1];
        expect(code).toBeDefined();
        await page.getByLabel(t.business.signIn.code).fill(code!);
        a11y.push(...(await shoot(page, `${language}-7-company-sign-in`)));
        await page.getByRole('button', { name: t.business.signIn.signIn, exact: true }).click();

        // The company view: both lines with tariff, status and balance as the API has them.
        const table = page.getByTestId('company-lines');
        await table.waitFor();
        await eventually(async () => expect(await table.locator('tbody tr').count()).toBe(2));
        const lineA = (await (await fetch(`${server.url}/api/v1/lines/${encodeURIComponent(A)}?lang=${language}`)).json()) as {
          tariff: { id: string; name: string };
          balance: { text: string };
        };
        const rowA = table.locator(`tr[data-number="${A}"]`);
        expect(await textOf(rowA)).toContain(lineA.tariff.name);
        expect(await textOf(rowA)).toContain(norm(lineA.balance.text));
        expect(await textOf(page.locator('.page-title'))).toContain(company);
        a11y.push(...(await shoot(page, `${language}-8-company`)));

        // A tariff change on one line, through the line endpoint.
        await rowA.getByRole('button', { name: t.business.company.changeTariff }).click();
        const select = rowA.locator('select');
        await select.waitFor();
        const target = await select.inputValue();
        expect(target).not.toBe(lineA.tariff.id);
        a11y.push(...(await shoot(page, `${language}-9-change-tariff`)));
        await rowA.getByRole('button', { name: t.business.company.confirmTariff, exact: true }).click();
        await eventually(async () => expect(await rowA.locator('[data-tariff]').getAttribute('data-tariff')).toBe(target));
        const after = (await (await fetch(`${server.url}/api/v1/lines/${encodeURIComponent(A)}`)).json()) as { tariff: { id: string } };
        expect(after.tariff.id).toBe(target);

        // A document: the contract summary as PDF, with the company and both lines in it.
        await page.getByLabel(t.business.documents.kind, { exact: true }).selectOption('contract');
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('document-download').click()]);
        const file = await download.path();
        const pdf = fs.readFileSync(file);
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
        expect(text).toContain(A);
        expect(text).toContain(B);
        if (language === 'en') expect(text).toContain(company);
        a11y.push(...(await shoot(page, `${language}-10-documents`)));

        expect(pageErrors).toEqual([]);
        expect(a11y).toEqual([]);
        await applicant.context.close();
      } finally {
        await server.stop();
      }
    }, 120_000);
  }
});
