/**
 * Tariff advice (S2.3) and the home screen's last payment and debit (S4.4), on both databases:
 * real usage ingested and rated, then priced on every tariff the line may choose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { adviseTariff } from '../../src/core/catalog/advise-tariff.ts';
import { costOnTariff } from '../../src/core/catalog/tariff-cost.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { getSubscriberOverview } from '../../src/core/subscribers/get-subscriber-overview.ts';
import { toE164 } from '../../src/core/subscribers/phone-number.ts';
import { getSpend } from '../../src/core/usage/get-spend.ts';
import { ingestUsage } from '../../src/core/usage/ingest-usage.ts';
import type { UsageInput } from '../../src/core/usage/usage-input.ts';
import { findTariff } from '../../src/profiles/profile.ts';
import { loadDemoUsage } from '../../src/seed/demo-usage.ts';
import { ledgerProblems, topUpForTest } from '../support/billing.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoDeps, fixedClock, testConfig } from '../support/factories.ts';

const CONSUMER = '+79160000001'; // smart: 550.00 a month, 500 min, 500 SMS, 10 GB; consumer tariffs: super-mts, smart-mini, smart
const CORPORATE = '+79160000002'; // biznes, the only corporate tariff
const VIP = '+79160000003'; // premium, the only VIP tariff; super-mts (consumer only) would cost less

/** `n` calls of `seconds` each, one an hour from `start`. */
function calls(number: string, start: string, n: number, seconds: number): UsageInput[] {
  return Array.from({ length: n }, (_, i) => ({
    number,
    type: 'voice' as const,
    counterparty: '+79161234567',
    start: new Date(new Date(start).getTime() + i * 3_600_000).toISOString(),
    seconds,
  }));
}

describeEachDatabase('tariff advice and last payment / debit (mts-ru)', (db) => {
  let deps: CoreDeps;
  let app: App;
  beforeAll(async () => {
    const base = await demoDeps(db(), 'mts-ru');
    deps = { ...base, clock: fixedClock('2026-12-02T10:00:00.000Z') };
    app = await buildApp(testConfig({ KABINET_PROFILE: 'mts-ru' }), { storage: db(), profile: deps.profile, clock: deps.clock });
    await app.ready();
    // October and November (Moscow time): 12 calls of 5 minutes each month, all within smart's and premium's bundles.
    for (const number of [CONSUMER, VIP]) {
      await ingestUsage(deps, {
        batchKey: `light-${number.slice(1)}`,
        source: 'api',
        records: [...calls(number, '2026-10-05T09:00:00Z', 12, 300), ...calls(number, '2026-11-05T09:00:00Z', 12, 300)],
      });
    }
  });
  afterAll(async () => {
    await app.close();
  });

  it('advises the cheapest eligible tariff with the saving per month, fees included', async () => {
    const advice = await adviseTariff(deps, { number: CONSUMER, language: 'en' });
    expect(advice.verdict).toBe('switch');
    expect(advice.months).toEqual(['2026-10', '2026-11']);
    expect(advice.records).toBe(24);
    expect([advice.from, advice.to]).toEqual(['2026-08-31T21:00:00.000Z', '2026-11-30T21:00:00.000Z']);
    // 60 minutes a month: smart 550.00 (all included); super-mts 60 x 2.50 = 150.00; smart-mini 350.00 (included).
    expect(advice.current).toMatchObject({ id: 'smart', monthlyCost: { minor: 55_000 }, monthlyFees: { minor: 55_000 } });
    expect(advice.suggested).toMatchObject({
      id: 'super-mts',
      monthlyCost: { minor: 15_000 },
      monthlyUsage: { minor: 15_000 },
      monthlySaving: { minor: 40_000 },
      changeFee: { minor: 0 },
    });
    expect(advice.tariffs.map((t) => [t.id, t.monthlyCost.minor])).toEqual([
      ['super-mts', 15_000],
      ['smart-mini', 35_000],
      ['smart', 55_000],
    ]);
  });

  it('never advises a cheaper tariff the line may not have', async () => {
    const advice = await adviseTariff(deps, { number: VIP, language: 'en' });
    expect(advice.verdict).toBe('keep');
    expect(advice.suggested).toBeNull();
    expect(advice.tariffs.map((t) => t.id)).toEqual(['premium']);
    expect(advice.current?.monthlyCost.minor).toBe(195_000);
    // ...although the consumer-only super-mts would have cost less for the same usage.
    const superMts = costOnTariff(
      deps.profile,
      findTariff(deps.profile, 'super-mts')!,
      advice.months,
      calls(VIP, '2026-10-05T09:00:00Z', 24, 300).map((_, i) => ({ month: i < 12 ? '2026-10' : '2026-11', kind: 'voice', quantity: 300 })),
      [],
    );
    expect(superMts.total / 2).toBeLessThan(195_000);
  });

  it('says the tariff is already the best when it is, and nothing when there is too little usage', async () => {
    // January 2027: 30 calls of 15 minutes and 5 GB of data, the only month with usage in Dec-Feb.
    const later = { ...deps, clock: fixedClock('2027-03-05T10:00:00.000Z') };
    await ingestUsage(later, {
      batchKey: 'heavy',
      source: 'api',
      records: [
        ...calls(CONSUMER, '2027-01-10T06:00:00Z', 30, 900),
        ...Array.from({ length: 10 }, (_, i) => ({
          number: CONSUMER,
          type: 'data' as const,
          start: `2027-01-2${i}T10:00:00Z`,
          kilobytes: 512 * 1024,
        })),
      ],
    });
    const advice = await adviseTariff(later, { number: CONSUMER, language: 'en' });
    expect(advice.months).toEqual(['2027-01']);
    expect(advice.verdict).toBe('keep');
    expect(advice.suggested).toBeNull();
    // smart 550.00; smart-mini 350 + 250 min x 1.50 + 2048 MB x 0.50 = 1749.00; super-mts 450 x 2.50 + 5120 x 9.90 = 51813.00
    expect(advice.tariffs.map((t) => [t.id, t.monthlyCost.minor])).toEqual([
      ['smart', 55_000],
      ['smart-mini', 174_900],
      ['super-mts', 5_181_300],
    ]);

    expect(await adviseTariff(deps, { number: CORPORATE, language: 'en' })).toMatchObject({
      verdict: 'not-enough-usage',
      records: 0,
      current: null,
      suggested: null,
      tariffs: [],
    });
    await ingestUsage(deps, { batchKey: 'few', source: 'api', records: calls(CORPORATE, '2026-11-03T09:00:00Z', 9, 60) });
    expect((await adviseTariff(deps, { number: CORPORATE, language: 'en' })).verdict).toBe('not-enough-usage');
    await ingestUsage(deps, { batchKey: 'enough', source: 'api', records: calls(CORPORATE, '2026-11-04T09:00:00Z', 1, 60) });
    expect(await adviseTariff(deps, { number: CORPORATE, language: 'en' })).toMatchObject({ verdict: 'keep', records: 10 });
  });

  it('serves the advice over HTTP in the reader language', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/lines/${encodeURIComponent(CONSUMER)}/tariff-advice?lang=ru` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ verdict: string; suggested: { id: string; name: string; monthlySaving: { text: string } } }>();
    expect(body.verdict).toBe('switch');
    expect(body.suggested.name).toBe('Супер МТС');
    expect(body.suggested.monthlySaving.text.replace(/\s/g, ' ')).toBe('400,00 ₽');
    expect((await app.inject({ method: 'GET', url: '/api/v1/lines/%2B79169999999/tariff-advice' })).statusCode).toBe(404);
  });

  describe('last payment and last debit on the overview', () => {
    it('shows the newest top-up and the newest debit of the main balance, or null', async () => {
      const before = await getSubscriberOverview(deps, { number: CORPORATE, language: 'en' });
      expect(before.lastPayment).toBeNull();
      const clock = fixedClock('2026-12-02T11:00:00.000Z');
      const at = { ...deps, clock };
      await topUpForTest(at, CORPORATE, 10_000);
      clock.set('2026-12-02T12:00:00.000Z');
      await topUpForTest(at, CORPORATE, 25_000);
      // Calls within biznes's 1,000 minutes moved no money so far: no debit yet.
      expect((await getSubscriberOverview(at, { number: CORPORATE, language: 'en' })).lastDebit).toBeNull();
      // 600 SMS in December, 500 included: 100 x 1.50 debited after the top-ups.
      clock.set('2026-12-02T13:00:00.000Z');
      await ingestUsage(at, {
        batchKey: 'sms-burst',
        source: 'api',
        records: Array.from({ length: 6 }, () => ({
          number: CORPORATE,
          type: 'sms' as const,
          counterparty: '+79161234567',
          start: '2026-12-02T12:30:00Z',
          count: 100,
        })),
      });
      const res = await app.inject({ method: 'GET', url: `/api/v1/lines/${encodeURIComponent(CORPORATE)}?lang=en` });
      expect(res.statusCode).toBe(200);
      const o = res.json<{ lastPayment: unknown; lastDebit: unknown }>();
      expect(o.lastPayment).toEqual({ at: '2026-12-02T12:00:00.000Z', kind: 'top-up', amount: expect.objectContaining({ minor: 25_000 }) });
      expect(o.lastDebit).toEqual({ at: '2026-12-02T13:00:00.000Z', kind: 'usage', amount: expect.objectContaining({ minor: 15_000 }) });

      // The monthly chart's figures: six months up to the one asked for, empty ones as zero.
      const spend = await getSpend(at, { number: CORPORATE, month: '2026-12', language: 'en' });
      expect(spend.recentMonths.map((m) => [m.month, m.total.minor])).toEqual([
        ['2026-07', 0],
        ['2026-08', 0],
        ['2026-09', 0],
        ['2026-10', 0],
        ['2026-11', 0],
        ['2026-12', 15_000],
      ]);
      expect((await getSpend(at, { number: CORPORATE, month: '2027-02', language: 'en' })).recentMonths.map((m) => m.month)).toEqual([
        '2026-09',
        '2026-10',
        '2026-11',
        '2026-12',
        '2027-01',
        '2027-02',
      ]);
    });
  });
});

describeEachDatabase('demo usage (tele2-ru)', (db) => {
  it('loads three months and this month so far, keeps the opening balances, and gives advice to show', async () => {
    const base = await demoDeps(db(), 'tele2-ru');
    const deps = { ...base, clock: fixedClock('2026-11-21T10:00:00.000Z') };
    const loaded = await loadDemoUsage(deps);
    expect(loaded.lines).toBe(3);
    expect(loaded.records).toBeGreaterThan(100);
    for (const customer of deps.profile.demo) {
      for (const line of customer.lines) {
        const number = toE164(line.number, deps.profile.country);
        const overview = await getSubscriberOverview(deps, { number, language: 'en' });
        expect(overview.balance.minor, number).toBe(line.balance);
        const advice = await adviseTariff(deps, { number, language: 'en' });
        if (!line.usage) {
          expect(advice.verdict, number).toBe('not-enough-usage');
          continue;
        }
        expect(advice.months, number).toEqual(['2026-08', '2026-09', '2026-10']);
        const spend = await getSpend(deps, { number, language: 'en' });
        expect(spend.days.length, number).toBeGreaterThan(0);
        expect(spend.days.every((d) => d.day <= '2026-11-21')).toBe(true);
      }
    }
    // The lines that pay for their usage got a card top-up of exactly that first.
    const payer = await getSubscriberOverview(deps, { number: '+79520000002', language: 'en' });
    expect(payer.lastPayment?.kind).toBe('top-up');
    expect(payer.lastDebit?.kind).toBe('usage');
    expect((await adviseTariff(deps, { number: '+79520000002', language: 'en' })).suggested?.id).toBe('moy-razgovor');
    expect((await adviseTariff(deps, { number: '+79520000001', language: 'en' })).suggested?.id).toBe('klassicheskiy');
    expect(await ledgerProblems(db())).toEqual([]);
  });
});
