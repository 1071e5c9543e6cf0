/**
 * Signing in, in a real browser (Chromium through playwright-core) against real servers
 * (`startServer`, fresh SQLite files, the Tele2 profile). Demo mode, in English and in Persian
 * (right to left): register a demo number with the code read on the handset simulator page, log
 * out, log in with the password, log in with a code from the outbox, reset the password and log in
 * with the new one; a wrong code and a wrong password show the server's words next to the field.
 * Production mode: `/` and a line's page send an anonymous visitor to the login, a subscriber lands
 * on their own line, another line shows the forbidden error. Every page is saved to
 * test-results/screenshots/auth-* at phone and desktop size and checked with axe-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/core/i18n/error-messages.ts';
import { openStorage } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { ensureWebBuilt } from '../../src/http/plugins/web-build.ts';
import { loadDemoData } from '../../src/seed/demo.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fa } from '../../web/src/i18n/locales/fa.ts';
import { browserUnavailable, launchBrowser } from '../support/browser.ts';
import { checkAndShoot, eventually, PHONE, SCREENSHOTS, textOf, useE2eServer } from '../support/e2e.ts';
import { profile, testConfig } from '../support/factories.ts';

const skipReason = browserUnavailable();
const FAST = { KABINET_SCRYPT_COST: '1024' };

/** A Russian number as the web app shows it (web/src/format.ts, which needs a DOM to import). */
const formatNumber = (e164: string) => e164.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, '+7 $1 $2-$3-$4');
const pathOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname);

/** Saves the page at phone and desktop size and returns its accessibility violations. */
const shoot = (page: Page, name: string) => checkAndShoot(page, `auth-${name}`, { label: name });

/** The newest six-digit code in a list of texts. */
function codeIn(texts: string[]): string | undefined {
  for (const text of texts) {
    const match = /\b(\d{6})\b/.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

/** The field (its `.field` wrapper) labelled `label`. */
const field = (page: Page, label: string) => page.locator('.field').filter({ has: page.getByLabel(label, { exact: true }) });

/** The error shown at a field must be the one its input points to with `aria-describedby`. */
async function fieldError(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  const error = field(page, label).locator('.field-error');
  await error.waitFor();
  const id = await error.getAttribute('id');
  expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(id);
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  return textOf(error);
}

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

describe.skipIf(skipReason !== undefined)('signing in, demo mode, in Chromium', () => {
  const printed: string[] = [];
  const rig = useE2eServer('auth', { KABINET_PROFILE: 'tele2-ru', ...FAST }, (line) => printed.push(line));

  /** The newest code the demo outbox holds for a number. */
  async function outboxCode(number: string): Promise<string> {
    const res = await fetch(`${rig.server.url}/api/v1/dev/outbox?number=${encodeURIComponent(number)}`);
    const code = codeIn(((await res.json()) as { messages: { text: string }[] }).messages.map((m) => m.text));
    if (!code) throw new Error(`no code for ${number}`);
    return code;
  }

  const cases = [
    { language: 'en', t: en, number: '+79520000002', dir: 'ltr' },
    { language: 'fa', t: fa, number: '+79520000011', dir: 'rtl' },
  ] as const;

  for (const { language, t, number, dir: direction } of cases) {
    it(`${language}: registers with the code from the handset simulator, logs out, in with password and with code, resets the password`, async () => {
      const { context, page, errors } = await newPage(rig.browser);
      const a11y: string[] = [];
      const lang = language;
      const password = `first-${language}-secret`;
      const newPassword = `second-${language}-secret`;
      const logOut = async () => {
        await page.getByTestId('session').getByRole('button', { name: t.auth.logOut }).click();
        await page.getByRole('link', { name: t.auth.login.link, exact: true }).first().waitFor();
        expect(await page.getByTestId('session').count()).toBe(0);
        // The server ended it too (the POST passed the CSRF check): a fresh page load is signed out.
        await page.reload();
        await page.getByRole('banner').getByRole('link', { name: t.auth.login.link, exact: true }).waitFor();
        expect(await page.getByTestId('session').count()).toBe(0);
      };
      const landedHome = async () => {
        await eventually(async () => expect(pathOf(page)).toBe(`/lines/${number}`));
        await eventually(async () => expect(await textOf(page.getByTestId('session'))).toContain(formatNumber(number)));
      };

      // The start page offers registering and signing in; the banner no longer says there is no sign-in.
      await page.goto(rig.server.url);
      const languageSelect = page.getByRole('combobox', { name: en.nav.language });
      await languageSelect.waitFor();
      if (language !== 'en') await languageSelect.selectOption(language);
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.picker.title));
      expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([language, direction]);
      expect(await textOf(page.locator('.demo-banner'))).toBe(t.app.demo);
      await page.locator('main').getByRole('link', { name: t.auth.register.title }).click();

      // Register: the number, then the code (read on the handset simulator page), then a password.
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.auth.register.title));
      const numberInput = page.getByLabel(t.auth.number, { exact: true });
      await numberInput.fill(number);
      const hint = page.getByTestId('demo-code-hint').getByRole('link');
      expect(await hint.getAttribute('href')).toBe(`/dev/phone?number=${encodeURIComponent(number)}`);
      expect(await hint.getAttribute('target')).toBe('_blank');
      if (direction === 'rtl') {
        // Right to left: the label starts at the right edge of the form, and the form reads rtl.
        const form = (await page.locator('form.auth-form').boundingBox())!;
        const label = (await page.locator('.field label').first().boundingBox())!;
        expect(form.x + form.width - (label.x + label.width)).toBeLessThan(2);
        expect(label.x).toBeGreaterThan(form.x + form.width / 3);
        expect(await page.evaluate('getComputedStyle(document.querySelector("form.auth-form")).direction')).toBe('rtl');
      }
      a11y.push(...(await shoot(page, `${language}-1-register`)));
      // Keyboard only: Enter submits the number.
      await numberInput.press('Enter');
      await page.getByTestId('code-sent').waitFor();
      expect(await textOf(page.getByTestId('code-sent'))).toContain(formatNumber(number));

      const phone = await context.newPage();
      await phone.goto(`${rig.server.url}/dev/phone?number=${encodeURIComponent(number)}`);
      let code = '';
      await eventually(async () => {
        code = codeIn([await textOf(phone.locator('#inbox'))]) ?? '';
        expect(code).toMatch(/^\d{6}$/);
      }, 10_000);
      await phone.close();
      expect(code).toBe(await outboxCode(number));
      // The demo server prints the code too (the "server log" the page points to).
      expect(printed.some((line) => line.includes(number) && line.includes(code))).toBe(true);

      // The password rules are on screen before submitting; a wrong code is refused at the code field.
      const rules = await textOf(page.getByTestId('password-rules'));
      expect(rules).toContain(t.auth.ruleLength.replace('{{min}}', '8').replace('{{max}}', '128'));
      const wrong = code === '000000' ? '111111' : '000000';
      await page.getByLabel(t.auth.code, { exact: true }).fill(wrong);
      await page.getByLabel(t.auth.newPassword, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.auth.register.submit }).click();
      expect(await fieldError(page, t.auth.code)).toBe(errorMessage('code_invalid', lang));
      a11y.push(...(await shoot(page, `${language}-2-register-wrong-code`)));
      await page.getByLabel(t.auth.code, { exact: true }).fill(code);
      await page.getByRole('button', { name: t.auth.register.submit }).click();
      await landedHome();
      // The session is a cookie: a fresh page load is still signed in.
      await page.reload();
      await landedHome();
      a11y.push(...(await shoot(page, `${language}-3-signed-in`)));

      // Log out, then in with a wrong and the right password.
      await logOut();
      await page.getByRole('banner').getByRole('link', { name: t.auth.login.link, exact: true }).click();
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.auth.login.title));
      await page.getByLabel(t.auth.number, { exact: true }).fill(number);
      await page.getByLabel(t.auth.password, { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: t.auth.login.submit }).click();
      expect(await fieldError(page, t.auth.password)).toBe(errorMessage('invalid_credentials', lang));
      a11y.push(...(await shoot(page, `${language}-4-login-wrong-password`)));
      await page.getByLabel(t.auth.password, { exact: true }).fill(password);
      await page.getByLabel(t.auth.password, { exact: true }).press('Enter');
      await landedHome();

      // Log out, then in with a one-time code from the outbox.
      await logOut();
      await page.goto(`${rig.server.url}/login`);
      await page.getByRole('radio', { name: t.auth.login.withCode }).check();
      await page.getByLabel(t.auth.number, { exact: true }).fill(number);
      await page.getByRole('button', { name: t.auth.sendCode }).click();
      await page.getByTestId('code-sent').waitFor();
      a11y.push(...(await shoot(page, `${language}-5-login-code`)));
      await page.getByLabel(t.auth.code, { exact: true }).fill(await outboxCode(number));
      await page.getByRole('button', { name: t.auth.login.submit }).click();
      await landedHome();

      // Log out, reset the password by code; the old password stops working, the new one works.
      await logOut();
      await page.goto(`${rig.server.url}/login?number=${encodeURIComponent(number)}`);
      await page.getByRole('link', { name: t.auth.login.forgot }).click();
      await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(t.auth.reset.title));
      expect(await page.getByLabel(t.auth.number, { exact: true }).inputValue()).toBe(number);
      await page.getByRole('button', { name: t.auth.sendCode }).click();
      await page.getByTestId('code-sent').waitFor();
      await page.getByLabel(t.auth.code, { exact: true }).fill(await outboxCode(number));
      await page.getByLabel(t.auth.newPassword, { exact: true }).fill(newPassword);
      a11y.push(...(await shoot(page, `${language}-6-reset`)));
      await page.getByRole('button', { name: t.auth.reset.submit }).click();
      await landedHome();
      await logOut();
      await page.goto(`${rig.server.url}/login`);
      await page.getByLabel(t.auth.number, { exact: true }).fill(number);
      await page.getByLabel(t.auth.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.auth.login.submit }).click();
      expect(await fieldError(page, t.auth.password)).toBe(errorMessage('invalid_credentials', lang));
      await page.getByLabel(t.auth.password, { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: t.auth.login.submit }).click();
      await landedHome();

      expect(errors).toEqual([]);
      expect(a11y).toEqual([]);
      await context.close();
    }, 90_000);
  }
});

describe.skipIf(skipReason !== undefined)('signing in, production mode, in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-e2e-auth-prod-'));
  const A = '+79520000001';
  const B = '+79520000002';
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureWebBuilt(() => undefined);
    const config = testConfig({
      KABINET_PROFILE: 'tele2-ru',
      SQLITE_FILE: path.join(dir, 'prod.db'),
      PORT: '0',
      KABINET_MODE: 'production',
      ...FAST,
    });
    // Production mode loads no demo data: put subscribers in first.
    const storage = openStorage(config.database);
    await migrateToLatest(storage.db);
    await loadDemoData(storage.db, profile('tele2-ru'), new Date());
    await storage.close();
    server = await startServer(config, () => undefined);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends anonymous visitors to the login, a subscriber to their own line, and refuses another line', async () => {
    const { context, page, errors } = await newPage(browser);
    const a11y: string[] = [];

    // `/` and a line's page both open the login; no demo banner, no demo hint.
    await page.goto(server.url);
    await eventually(async () => expect(pathOf(page)).toBe('/login'));
    await eventually(async () => expect(await textOf(page.locator('h1'))).toBe(en.auth.login.title));
    expect(await page.locator('.demo-banner').count()).toBe(0);
    await page.goto(`${server.url}/lines/${encodeURIComponent(A)}/history`);
    await eventually(async () => expect(pathOf(page)).toBe('/login'));
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/lines/${encodeURIComponent(A)}/history`);
    a11y.push(...(await shoot(page, 'production-1-login')));

    // A one-time code (read where the SMSC simulator delivered it) signs in and returns to the page asked for.
    await page.getByRole('radio', { name: en.auth.login.withCode }).check();
    await page.getByLabel(en.auth.number, { exact: true }).fill(A);
    await page.getByRole('button', { name: en.auth.sendCode }).click();
    await page.getByTestId('code-sent').waitFor();
    expect(await page.getByTestId('demo-code-hint').count()).toBe(0);
    let code = '';
    await eventually(async () => {
      const inbox = await fetch(`${server.url}/dev/phone/inbox?number=${encodeURIComponent(A)}`);
      const messages = ((await inbox.json()) as { messages: { text: string }[] }).messages;
      code = codeIn(messages.map((m) => m.text).reverse()) ?? '';
      expect(code).not.toBe('');
    }, 10_000);
    await page.getByLabel(en.auth.code, { exact: true }).fill(code);
    await page.getByRole('button', { name: en.auth.login.submit }).click();
    await eventually(async () => expect(pathOf(page)).toBe(`/lines/${A}/history`));

    // Signed in, `/` goes to the own line; another line's page shows the API's refusal, no data.
    await page.goto(server.url);
    await eventually(async () => expect(pathOf(page)).toBe(`/lines/${A}`));
    await page.getByTestId('balance').waitFor();
    await page.goto(`${server.url}/lines/${encodeURIComponent(B)}`);
    const alert = page.locator('main [role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('forbidden');
    expect(await textOf(alert)).toContain(errorMessage('forbidden', 'en'));
    expect(await page.getByTestId('balance').count()).toBe(0);
    expect(pathOf(page)).toBe(`/lines/${B}`);
    a11y.push(...(await shoot(page, 'production-2-forbidden')));

    expect(errors).toEqual([]);
    expect(a11y).toEqual([]);
    await context.close();
  }, 60_000);
});
