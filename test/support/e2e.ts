/**
 * What every browser test shares: where screenshots go, the two screen sizes, axe-core, polling,
 * the page's text without its white space, and a demo server with a browser to drive it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureWebBuilt } from '../../src/http/plugins/web-build.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { launchBrowser } from './browser.ts';
import { REPO_ROOT, testConfig } from './factories.ts';

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** axe-core, the accessibility rules engine, run in the page on every screen (WCAG 2.1 A and AA). */
export const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Evaluated in the page after AXE_SOURCE: the violations, one line each. */
export const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`;

/** Polls until `check` passes (the page renders asynchronously), failing with its last error. */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Text with every run of white space (no-break spaces of money formats too) as one space. */
export const norm = (text: string) => text.replace(/\s+/g, ' ').trim();
/** Text with every run of white space (no-break spaces of money formats too) as one space. */
export const textOf = async (locator: Locator) => norm((await locator.textContent()) ?? '');

/** The server and the browser of a suite, there once its `beforeAll` has run. */
export type E2eRig = { server: RunningServer; browser: Browser };

/**
 * A real server and Chromium for the tests of one `describe`, where it is called: before them it
 * builds the web app if it is stale, starts the app on a free port in demo mode with a fresh SQLite
 * file (`kabinet-e2e-<name>-*` in the temp folder, so no suite sees another's data) and launches
 * the browser; after them it closes both and removes the folder. `env` adds settings to the test
 * configuration (the profile, a cheaper password hash, the payment simulator) and may replace
 * PORT or KABINET_MODE; `print` receives the lines the server prints (the demo codes among them).
 * The returned object is empty until the `beforeAll` has run, so read `rig.server` and
 * `rig.browser` inside tests and hooks, not in the body of the `describe`.
 */
export function useE2eServer(name: string, env: Record<string, string>, print: (line: string) => void = () => undefined): E2eRig {
  const rig = {} as E2eRig;
  let dir: string | undefined;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await ensureWebBuilt(() => undefined);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `kabinet-e2e-${name}-`));
    const config = testConfig({ PORT: '0', KABINET_MODE: 'demo', ...env, SQLITE_FILE: path.join(dir, `${name}.db`) });
    rig.server = await startServer(config, print);
    rig.browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    // Each step is guarded: a failed start leaves the later ones unset.
    await rig.browser?.close();
    await rig.server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  return rig;
}

/**
 * What every browser test does on each screen: checks it (axe-core's WCAG 2.1 A and AA rules, and
 * nothing wider than a phone) and saves it to SCREENSHOTS as `<file>-phone.png` and
 * `<file>-desktop.png`, or only `<file>.png` at phone size with `{ desktop: false }`. Returns the
 * problems found, each starting with `label` (default: `file`).
 */
export async function checkAndShoot(page: Page, file: string, options: { label?: string; desktop?: boolean } = {}): Promise<string[]> {
  const label = options.label ?? file;
  await page.evaluate('window.scrollTo(0, 0)'); // a string: test files have no DOM types
  // Evaluated through the debugging protocol, so the page's CSP (script-src 'self') stays on.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const problems = (await page.evaluate<string[]>(AXE_RUN)).map((v) => `${label}: ${v}`);
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  if (width > PHONE.width) problems.push(`${label}: page is ${width} px wide on a ${PHONE.width} px phone`);
  if (options.desktop === false) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${file}.png`), fullPage: true });
    return problems;
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, `${file}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${file}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  return problems;
}
