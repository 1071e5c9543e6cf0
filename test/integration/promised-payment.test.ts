/** Promised payment (S4.7) on both databases: profile rules, one at a time, repaid from top-ups, debt and block at expiry. */
import { beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { expirePromisedPayments } from '../../src/core/billing/expire-promised-payments.ts';
import { getPromisedPaymentOffer } from '../../src/core/billing/get-promised-payment-offer.ts';
import { takePromisedPayment } from '../../src/core/billing/take-promised-payment.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { AppError } from '../../src/core/errors.ts';
import { lineBalances } from '../../src/core/ledger/account.repository.ts';
import { ingestUsage } from '../../src/core/usage/ingest-usage.ts';
import { ledgerProblems, topUpForTest } from '../support/billing.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { codeOf } from '../support/identity.ts';
import { demoActor, demoDeps, fixedClock, tableCounts, testConfig } from '../support/factories.ts';

async function line(deps: CoreDeps, number: string) {
  const row = await deps.db.selectFrom('lines').select(['id', 'status']).where('number', '=', number).executeTakeFirstOrThrow();
  return { id: Number(row.id), status: row.status, ...(await lineBalances(deps.db, Number(row.id))) };
}

async function outbox(deps: CoreDeps, id: number) {
  return deps.db
    .selectFrom('sms_outbox')
    .select(['template', 'language', 'text', 'to_number', 'status'])
    .where('line_id', '=', id)
    .orderBy('id')
    .execute();
}

describeEachDatabase('promised payment (tele2-ru)', (db) => {
  let deps: CoreDeps;
  let clock: ReturnType<typeof fixedClock>;
  const ZERO = '+79520000002'; // prepaid, balance 0, Persian-speaking
  beforeAll(async () => {
    deps = await demoDeps(db(), 'tele2-ru');
    clock = fixedClock('2026-11-21T10:00:00.000Z');
    deps = { ...deps, clock };
  });

  it('refuses lines the profile excludes, balances above the threshold and amounts out of range, writing nothing', async () => {
    const before = await tableCounts(db());
    expect(await codeOf(takePromisedPayment(deps, { number: '+79520000001', amount: 10_000, language: 'ru' }, demoActor))).toBe(
      'not_eligible',
    ); // balance 185.40
    expect(await codeOf(takePromisedPayment(deps, { number: '+79520000011', amount: 10_000, language: 'ru' }, demoActor))).toBe(
      'not_eligible',
    ); // corporate
    expect(await codeOf(takePromisedPayment(deps, { number: ZERO, amount: 30_001, language: 'ru' }, demoActor))).toBe(
      'amount_out_of_range',
    );
    expect(await codeOf(takePromisedPayment(deps, { number: ZERO, amount: 1_000, language: 'ru' }, demoActor))).toBe('amount_out_of_range'); // does not cover the fee
    expect(await codeOf(takePromisedPayment(deps, { number: ZERO, amount: -5, language: 'ru' }, demoActor))).toBe('invalid_input');
    expect(await tableCounts(db())).toEqual(before);
    const offer = await getPromisedPaymentOffer(deps, { number: '+79520000011', language: 'en' });
    expect(offer).toMatchObject({ offered: true, available: false });
    expect(offer.reasons).toEqual(expect.arrayContaining(['segment', 'tariff', 'payment-type']));
  });

  it('gives one at a time, even to concurrent requests, and charges the fee with a receipt in the line language', async () => {
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => takePromisedPayment(deps, { number: ZERO, amount: 10_000, language: 'fa' }, demoActor)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // Refused because one is open, or (once it committed) because the balance is no longer at or below 0.
    for (const r of results)
      if (r.status === 'rejected') expect(['promised_payment_active', 'not_eligible']).toContain((r.reason as AppError).code);
    const failure = results.find((r) => r.status === 'rejected' && !(r.reason instanceof AppError));
    if (failure) throw (failure as PromiseRejectedResult).reason;
    const state = await line(deps, ZERO);
    expect(state.main).toBe(10_000 - 1_000);
    const sms = await outbox(deps, state.id);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ template: 'charge', language: 'fa', to_number: ZERO, status: 'pending' });
    expect(sms[0]!.text).toContain('کسر شد');
    expect(sms[0]!.text).toContain('کارمزد پرداخت وعده‌داده‌شده');
    const offer = await getPromisedPaymentOffer(deps, { number: ZERO, language: 'en' });
    expect(offer.open).toMatchObject({ status: 'open', outstanding: { minor: 10_000 } });
    expect(offer.available).toBe(false);
  });

  it('is repaid from the next top-ups, partly then fully', async () => {
    const { id } = await line(deps, ZERO);
    // Spend the credit first: 60 SMS on the Classic tariff at 1.50 each.
    await ingestUsage(deps, {
      batchKey: 'pp-spend',
      source: 'api',
      records: [{ number: ZERO, type: 'sms', counterparty: '+79161112233', start: '2026-11-21T09:00:00Z', count: 60 }],
    });
    expect((await line(deps, ZERO)).main).toBe(0);
    expect(await topUpForTest(deps, ZERO, 4_000)).toEqual({ repaid: 4_000, unblocked: false });
    expect((await line(deps, ZERO)).main).toBe(0);
    expect(await topUpForTest(deps, ZERO, 10_000)).toEqual({ repaid: 6_000, unblocked: false });
    expect((await line(deps, ZERO)).main).toBe(4_000);
    const rows = await deps.db.selectFrom('promised_payments').select(['status', 'outstanding']).where('line_id', '=', id).execute();
    expect(rows).toEqual([{ status: 'repaid', outstanding: 0 }]);
    expect(await topUpForTest(deps, ZERO, 1_000)).toEqual({ repaid: 0, unblocked: false });
    expect(await ledgerProblems(db())).toEqual([]);
  });

  it('turns into debt at expiry and blocks the line; a top-up that covers the debt unblocks it at once', async () => {
    // Back to zero, then a new promised payment, spent in full.
    await ingestUsage(deps, {
      batchKey: 'pp-spend-2',
      source: 'api',
      records: [{ number: ZERO, type: 'voice', counterparty: '+79161112233', start: '2026-11-21T09:30:00Z', seconds: 1700 }], // 29 min x 1.80 = 52.20
    });
    const spent = await line(deps, ZERO);
    expect(spent.main).toBe(5_000 - 5_220);
    expect(spent.status).toBe('blocked');
    await topUpForTest(deps, ZERO, 220);
    expect((await line(deps, ZERO)).status).toBe('active');
    const taken = await takePromisedPayment(deps, { number: ZERO, amount: 5_000, language: 'ru' }, demoActor);
    expect(taken).toMatchObject({ status: 'open', balance: { minor: 4_000 }, lineStatus: 'active' });
    await ingestUsage(deps, {
      batchKey: 'pp-spend-3',
      source: 'api',
      records: [{ number: ZERO, type: 'data', start: '2026-11-21T10:00:00Z', kilobytes: 1600 * 1024 }], // 1600 MB x 2.50 = 4000.00
    });
    expect((await line(deps, ZERO)).main).toBe(4_000 - 400_000);
    // Not due yet: nothing happens.
    expect(await expirePromisedPayments(deps)).toEqual({ repaid: 0, becameDebt: 0, blocked: 0 });
    clock.set('2026-11-24T10:00:01.000Z');
    const expired = await expirePromisedPayments(deps);
    expect(expired).toEqual({ repaid: 0, becameDebt: 1, blocked: 0 }); // blocked already by the data debit
    const after = await line(deps, ZERO);
    expect(after.main).toBe(4_000 - 400_000 - 5_000);
    expect(after.status).toBe('blocked');
    expect(await expirePromisedPayments(deps)).toEqual({ repaid: 0, becameDebt: 0, blocked: 0 });
    const unblock = await topUpForTest(deps, ZERO, 401_000);
    expect(unblock).toEqual({ repaid: 0, unblocked: true });
    const sms = await outbox(deps, after.id);
    expect(sms.map((s) => s.template)).toEqual(expect.arrayContaining(['blocked', 'unblocked', 'lowBalance']));
    expect(sms.at(-1)).toMatchObject({ template: 'unblocked', language: 'fa' });
    expect(await ledgerProblems(db())).toEqual([]);
  });

  it('blocks an active line whose unpaid promised payment becomes debt at expiry', async () => {
    const number = '+79520000002';
    // The last top-up covered the debt exactly: take a promised payment at zero and let it expire.
    await takePromisedPayment(deps, { number, amount: 2_000, language: 'fa' }, demoActor);
    clock.set('2026-11-28T10:00:00.000Z');
    expect(await expirePromisedPayments(deps)).toEqual({ repaid: 0, becameDebt: 1, blocked: 1 });
    const after = await line(deps, number);
    expect(after).toMatchObject({ status: 'blocked', main: -2_000 + 1_000 });
    const audit = await deps.db.selectFrom('audit_log').select('action').where('line_id', '=', after.id).execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['promised-payment.take', 'promised-payment.debt', 'line.block', 'line.unblock']),
    );
  });
});

describeEachDatabase('promised payment tenure (mts-ru)', (db) => {
  it('needs the minimum tenure, then unblocks a line blocked for lack of money', async () => {
    const deps = await demoDeps(db(), 'mts-ru');
    const clock = fixedClock('2026-11-21T10:00:00.000Z'); // 20 days after the demo lines were opened
    const d = { ...deps, clock };
    const blocked = '+79160000004'; // balance -20.00, blocked
    const offer = await getPromisedPaymentOffer(d, { number: blocked, language: 'ru' });
    expect(offer.reasons).toEqual(['tenure']);
    expect(await codeOf(takePromisedPayment(d, { number: blocked, amount: 10_000, language: 'ru' }, demoActor))).toBe('not_eligible');
    clock.set('2027-01-05T10:00:00.000Z');
    const taken = await takePromisedPayment(d, { number: blocked, amount: 10_000, language: 'ru' }, demoActor);
    expect(taken).toMatchObject({ lineStatus: 'active', balance: { minor: -2_000 + 10_000 - 700 } });
    const sms = await outbox(d, (await line(d, blocked)).id);
    expect(sms.map((s) => [s.template, s.language])).toEqual([
      ['charge', 'ru'],
      ['unblocked', 'ru'],
    ]);
    expect(sms[1]!.text).toContain('обслуживание номера возобновлено');
  });

  it('counts tenure from when a demo line was connected (connectedDaysAgo), not from when the demo was loaded', async () => {
    const deps = await demoDeps(db(), 'mts-ru');
    const d = { ...deps, clock: fixedClock('2026-11-01T12:00:00.000Z') }; // the day the demo was loaded
    const offer = await getPromisedPaymentOffer(d, { number: '+79160000005', language: 'ru' });
    expect(offer.reasons).toEqual([]);
    const taken = await takePromisedPayment(d, { number: '+79160000005', amount: 10_000, language: 'ru' }, demoActor);
    expect(taken.balance.minor).toBe(10_000 - 700);
  });
});

describeEachDatabase('promised payment over HTTP (tele2-ru)', (db) => {
  it('offers, gives (201) and refuses with problem+json; production mode refuses writes without identity', async () => {
    const deps = await demoDeps(db(), 'tele2-ru');
    const production = await buildApp(testConfig({ KABINET_PROFILE: 'tele2-ru', KABINET_MODE: 'production' }), {
      storage: db(),
      profile: deps.profile,
      clock: deps.clock,
    });
    const app = await buildApp(testConfig({ KABINET_PROFILE: 'tele2-ru' }), { storage: db(), profile: deps.profile, clock: deps.clock });
    try {
      const url = `/api/v1/lines/${encodeURIComponent('+79520000002')}/promised-payment`;
      const before = await tableCounts(db());
      expect((await production.inject({ method: 'POST', url, payload: { amount: 10_000 } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url, payload: { amount: 10_000, extra: true } })).statusCode).toBe(400);
      expect((await app.inject({ method: 'POST', url, payload: { amount: '100' } })).statusCode).toBe(400);
      const tooMuch = await app.inject({ method: 'POST', url: `${url}?lang=ru`, payload: { amount: 50_000 } });
      expect(tooMuch.statusCode).toBe(422);
      expect(tooMuch.json()).toMatchObject({ code: 'amount_out_of_range' });
      expect(tooMuch.json().detail).toMatch(/^Сумма должна быть от 10,01\s₽ до 300,00\s₽\.$/);
      expect(await tableCounts(db())).toEqual(before);
      const offer = await app.inject({ method: 'GET', url: `${url}?lang=en` });
      expect(offer.json()).toMatchObject({
        offered: true,
        available: true,
        reasons: [],
        maxAmount: { minor: 30_000 },
        fee: { minor: 1_000 },
        validityDays: 3,
      });
      const taken = await app.inject({ method: 'POST', url: `${url}?lang=fa`, payload: { amount: 10_000 } });
      expect(taken.statusCode).toBe(201);
      expect(taken.json()).toMatchObject({
        status: 'open',
        amount: { minor: 10_000 },
        balance: { minor: 9_000 },
        dueAt: '2026-11-24T10:00:00.000Z',
      });
      const again = await app.inject({ method: 'POST', url, payload: { amount: 10_000 } });
      expect(again.statusCode).toBe(422); // the balance is no longer at or below zero
      expect(again.json().code).toBe('not_eligible');
    } finally {
      await app.close();
      await production.close();
    }
  });
});
