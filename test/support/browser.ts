/**
 * A real browser for end-to-end tests: playwright-core driving Debian's Chromium
 * (`apt-get install chromium`). Without it the browser suites skip and say why, unless
 * KABINET_REQUIRE_ALL=1, which turns a missing browser into a failure.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { REQUIRE_ALL } from './databases.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a machine without outside network and without a GPU. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Why the browser cannot be used here, or undefined when it can. Throws under KABINET_REQUIRE_ALL=1. */
export function browserUnavailable(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} is missing (apt-get install chromium)`;
  if (REQUIRE_ALL) throw new Error(`${reason}; KABINET_REQUIRE_ALL=1 forbids skipping`);
  console.warn(`browser tests skipped: ${reason}`);
  return reason;
}

/**
 * Starts Chromium. Playwright gives every launch a new empty `--user-data-dir` of its own and
 * removes it on close, so no state leaks between runs.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}
