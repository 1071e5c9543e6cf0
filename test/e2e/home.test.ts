/**
 * The home screen (S4.4, S2.3) in a real browser (Chromium through playwright-core) against a real
 * server (`startServer`, demo mode with its demo usage, a fresh SQLite file, the Tele2 profile):
 * the spend chart by day and by month (one bar per figure of the API, time in the reading
 * direction), its table, last payment and last charge, the black list, the tariff advice with its
 * saving, and a line without usage. In English and in Persian (right to left). Every state is
 * saved to test-results/screenshots/ at phone (390x844) and desktop (1280x800) size.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/locales/en.ts';
import { fa } from '../../web/src/i18n/locales/fa.ts';
import { browserUnavailable } from '../support/browser.ts';
import { checkAndShoot, eventually, norm, PHONE, textOf, useE2eServer } from '../support/e2e.ts';

const skipReason = browserUnavailable();

type Money = { minor: number; text: string };
type Posting = { at: string; amount: Money; kind: string };
type Overview = { blockedNumbers: string[]; lastPayment: Posting | null; lastDebit: Posting | null };
type Spend = { month: string; total: Money; days: { day: string; total: Money }[]; recentMonths: { month: string; total: Money }[] };
type Advice = {
  verdict: 'switch' | 'keep' | 'not-enough-usage';
  current: { name: string; monthlyCost: Money } | null;
  suggested: { id: string; name: string; monthlySaving: Money } | null;
};

describe.skipIf(skipReason !== undefined)('home screen in Chromium', () => {
  const rig = useE2eServer('home', { KABINET_PROFILE: 'tele2-ru' });

  async function apiGet<T>(url: string, language: string): Promise<T> {
    const res = await fetch(`${rig.server.url}/api/v1${url}`, { headers: { 'accept-language': language } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  const shoot = (page: Page, name: string) => checkAndShoot(page, name);

  /** A page in `language`, chosen with the language select as a visitor does. */
  async function openIn(language: string): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await rig.browser.newContext({ viewport: PHONE, locale: 'en-US' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(rig.server.url);
    const languageSelect = page.getByRole('combobox', { name: en.nav.language });
    await languageSelect.waitFor();
    if (language !== 'en') await languageSelect.selectOption(language);
    return { page, pageErrors };
  }

  /** The centres of the chart's bars, in the order of their periods (oldest first). */
  async function barCentres(page: Page): Promise<{ key: string; x: number }[]> {
    const bars = page.getByTestId('spend-bar');
    const out: { key: string; x: number }[] = [];
    for (let i = 0; i < (await bars.count()); i++) {
      const box = (await bars.nth(i).boundingBox())!;
      out.push({ key: (await bars.nth(i).getAttribute('data-key'))!, x: box.x + box.width / 2 });
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  const cases = [
    { language: 'en', t: en, number: '+79520000001', dir: 'ltr' },
    { language: 'fa', t: fa, number: '+79520000002', dir: 'rtl' },
  ] as const;

  for (const { language, t, number, dir: direction } of cases) {
    it(`${language}: spend chart by day and month, last payment and charge, black list, tariff advice`, async () => {
      const { page, pageErrors } = await openIn(language);
      const a11y: string[] = [];
      const encoded = encodeURIComponent(number);
      const [overview, spend, advice] = await Promise.all([
        apiGet<Overview>(`/lines/${encoded}`, language),
        apiGet<Spend>(`/lines/${encoded}/spend`, language),
        apiGet<Advice>(`/lines/${encoded}/tariff-advice`, language),
      ]);
      // The demo usage gives these lines a payment, a charge, six months of spend and a cheaper tariff.
      expect(overview.lastPayment?.kind).toBe('top-up');
      expect(overview.lastDebit?.kind).toBe('usage');
      expect(spend.recentMonths.filter((m) => m.total.minor > 0).length).toBeGreaterThanOrEqual(3);
      expect(advice.verdict).toBe('switch');

      await page.goto(`${rig.server.url}/lines/${encoded}`);
      expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([language, direction]);

      // Spend by day: one bar per day of the API, each where its day is.
      const chart = page.getByTestId('spend-chart');
      await chart.waitFor();
      await eventually(async () => expect(await page.getByTestId('spend-bar').count()).toBe(spend.days.length));
      expect((await barCentres(page)).map((b) => b.key)).toEqual(spend.days.map((d) => d.day));
      expect(await textOf(page.getByTestId('spend-total'))).toBe(norm(spend.total.text));
      expect(await page.getByTestId('spend-days').getAttribute('aria-pressed')).toBe('true');
      expect(await page.locator('[data-testid="spend-chart"] svg').getAttribute('aria-labelledby')).toBeTruthy();

      // Last payment and last charge: amount and what it was.
      const payment = await textOf(page.getByTestId('last-payment'));
      expect(payment).toContain(norm(overview.lastPayment!.amount.text));
      expect(payment).toContain(t.homeExtra.kinds['top-up']);
      const debit = await textOf(page.getByTestId('last-debit'));
      expect(debit).toContain(norm(overview.lastDebit!.amount.text));
      expect(debit).toContain(t.homeExtra.kinds.usage);

      // Black list: every blocked number, and the way to manage it.
      expect(await page.locator('[data-testid="blocked-numbers"] li').count()).toBe(overview.blockedNumbers.length);
      expect(await page.getByRole('link', { name: t.homeExtra.manageBlackList }).getAttribute('href')).toBe(
        `/lines/${encoded}/manage#black-list`,
      );

      // Advice (S2.3): the cheaper tariff, the saving per month, a link to change.
      const adviceCard = page.locator('#advice');
      await eventually(async () => expect(await page.getByTestId('advice-verdict').getAttribute('data-verdict')).toBe('switch'));
      expect(await textOf(page.getByTestId('advice-verdict'))).toBe(t.homeExtra.adviceSwitch.replace('{{name}}', advice.suggested!.name));
      expect(await textOf(page.getByTestId('advice-saving'))).toContain(norm(advice.suggested!.monthlySaving.text));
      expect(await adviceCard.getByRole('link', { name: t.home.changeTariff }).getAttribute('href')).toBe(`/lines/${encoded}/manage`);
      await page.evaluate('window.scrollTo(0, 0)');
      a11y.push(...(await shoot(page, `home-${language}-1-days`)));

      // Spend by month: six bars, in the reading direction (Persian: the oldest month at the right).
      await page.getByRole('button', { name: t.homeExtra.byMonth }).click();
      await eventually(async () => expect(await page.getByTestId('spend-bar').count()).toBe(spend.recentMonths.length));
      expect(await page.getByTestId('spend-months').getAttribute('aria-pressed')).toBe('true');
      const months = await barCentres(page);
      expect(months.map((b) => b.key)).toEqual(spend.recentMonths.map((m) => m.month));
      for (let i = 1; i < months.length; i++) {
        if (direction === 'rtl') expect(months[i]!.x).toBeLessThan(months[i - 1]!.x);
        else expect(months[i]!.x).toBeGreaterThan(months[i - 1]!.x);
      }
      // Taller bar, bigger figure.
      const heights = await page.getByTestId('spend-bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
      const minors = spend.recentMonths.map((m) => m.total.minor);
      const biggest = minors.indexOf(Math.max(...minors));
      expect(Math.max(...heights)).toBe(heights[biggest]);
      a11y.push(...(await shoot(page, `home-${language}-2-months`)));

      // The same figures as a table for screen readers and anyone who prefers numbers.
      await page.getByText(t.homeExtra.showTable).click();
      const rows = page.getByTestId('spend-row');
      await eventually(async () => expect(await rows.count()).toBe(spend.recentMonths.length));
      for (let i = 0; i < spend.recentMonths.length; i++) {
        expect(await textOf(rows.nth(i).locator('td'))).toBe(norm(spend.recentMonths[i]!.total.text));
      }
      if (direction === 'rtl') {
        // Persian digits in the axis labels: the chart reads in the page's language.
        expect(await textOf(page.locator('.spend-tick').first())).toMatch(/^[^0-9]+$/);
      }
      a11y.push(...(await shoot(page, `home-${language}-3-table`)));

      expect(pageErrors).toEqual([]);
      expect(a11y).toEqual([]);
      await page.context().close();
    }, 60_000);
  }

  it('en: a line without usage says so in the chart and the advice', async () => {
    const { page, pageErrors } = await openIn('en');
    const number = '+79520000012';
    const encoded = encodeURIComponent(number);
    const [overview, advice] = await Promise.all([
      apiGet<Overview>(`/lines/${encoded}`, 'en'),
      apiGet<Advice>(`/lines/${encoded}/tariff-advice`, 'en'),
    ]);
    expect(advice.verdict).toBe('not-enough-usage');
    await page.goto(`${rig.server.url}/lines/${encoded}`);
    await eventually(async () => expect(await page.getByTestId('advice-verdict').getAttribute('data-verdict')).toBe('not-enough-usage'));
    expect(await textOf(page.getByTestId('advice-verdict'))).toBe(en.homeExtra.adviceTooLittle);
    expect(await page.getByTestId('spend-bar').count()).toBe(0);
    expect(await textOf(page.getByTestId('spend-chart'))).toContain(en.homeExtra.chartEmpty);
    expect(await textOf(page.getByTestId('last-payment'))).toContain(
      overview.lastPayment ? norm(overview.lastPayment.amount.text) : en.homeExtra.noPayment,
    );
    const a11y = await shoot(page, 'home-en-4-no-usage');
    expect(pageErrors).toEqual([]);
    expect(a11y).toEqual([]);
    await page.context().close();
  }, 60_000);
});
