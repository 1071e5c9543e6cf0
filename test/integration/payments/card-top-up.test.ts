/**
 * Top-up by bank card on both databases: starting a payment, Stripe-format signed webhooks accepted
 * and refused, exactly-once crediting under duplicate and concurrent deliveries, amount mismatch,
 * decline; and the hosted page simulator end to end over HTTP, after which the card number typed
 * into it is nowhere in Kabinet's log or database.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/app.ts';
import { DEMO_PAYMENT_WEBHOOK_SECRET } from '../../../src/config.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import { paymentProviders } from '../../../src/core/payments/payment-provider.ts';
import { startHostedPageSimulator, type RunningSimulator } from '../../../src/payments/hosted-page-simulator/simulator.ts';
import { SimulatedPaymentProvider } from '../../../src/payments/simulated-provider.ts';
import { signStripePayload } from '../../../src/payments/stripe-signature.ts';
import { describeEachDatabase } from '../../support/databases.ts';
import { demoDeps, tableCounts, testConfig } from '../../support/factories.ts';

const SECRET = DEMO_PAYMENT_WEBHOOK_SECRET;
const LINE = '+79160000001';
let seq = 0;
const key = () => `pay-${process.pid}-${++seq}`;

type Intent = { paymentId: string; ref: string; amount: number; currency?: string };

function intentEvent(type: string, p: Intent, extra: Record<string, unknown> = {}) {
  return {
    id: `evt_test_${++seq}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: p.ref,
        object: 'payment_intent',
        amount: p.amount,
        currency: (p.currency ?? 'rub').toLowerCase(),
        status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
        metadata: { kabinet_payment_id: p.paymentId },
        latest_charge: {
          id: `ch_test_${seq}`,
          object: 'charge',
          amount: p.amount,
          currency: (p.currency ?? 'rub').toLowerCase(),
          paid: type === 'payment_intent.succeeded',
          status: type === 'payment_intent.succeeded' ? 'succeeded' : 'failed',
          payment_method_details: { card: { brand: 'visa', last4: '4242' } },
        },
        last_payment_error: type === 'payment_intent.payment_failed' ? { code: 'card_declined', decline_code: 'generic_decline' } : null,
        ...extra,
      },
    },
  };
}

function deliver(app: App, event: unknown, secret = SECRET, body = JSON.stringify(event)) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/payments/webhooks/simulated',
    headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(secret, body) },
    payload: body,
  });
}

async function balanceOf(app: App, number = LINE): Promise<number> {
  const line = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(number)}` });
  return line.json<{ balance: { minor: number } }>().balance.minor;
}

describeEachDatabase('top-up by bank card', (db) => {
  let app: App;
  let deps: CoreDeps;
  beforeAll(async () => {
    deps = await demoDeps(db(), 'mts-ru');
    const payments = paymentProviders(new SimulatedPaymentProvider({ pageUrl: 'http://127.0.0.1:9', secret: SECRET }));
    app = await buildApp(testConfig({ KABINET_PROFILE: 'mts-ru' }), { storage: db(), profile: deps.profile, clock: deps.clock, payments });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  async function start(amount: number, number = LINE, idem = key()): Promise<Intent & { redirectUrl: string }> {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/lines/${encodeURIComponent(number)}/payments`,
      headers: { 'idempotency-key': idem },
      payload: { amount },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ paymentId: string; redirectUrl: string; status: string }>();
    expect(body.status).toBe('pending');
    const ref = /\/pay\/(pi_sim_[0-9a-f]{24})/.exec(body.redirectUrl)?.[1];
    if (!ref) throw new Error(`no reference in ${body.redirectUrl}`);
    return { paymentId: body.paymentId, ref, amount, redirectUrl: body.redirectUrl };
  }

  it('starts a payment once per Idempotency-Key, within the operator limits, and says where the browser pays', async () => {
    const idem = key();
    const first = await start(50_000, LINE, idem);
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments`,
      headers: { 'idempotency-key': idem },
      payload: { amount: 50_000 },
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({ paymentId: first.paymentId, redirectUrl: first.redirectUrl });
    const other = await app.inject({
      method: 'POST',
      url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments`,
      headers: { 'idempotency-key': idem },
      payload: { amount: 60_000 },
    });
    expect(other.json()).toMatchObject({ code: 'idempotency_mismatch' });
    for (const amount of [999, 1_500_001]) {
      const refused = await app.inject({
        method: 'POST',
        url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments`,
        headers: { 'idempotency-key': key() },
        payload: { amount },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'amount_out_of_range' });
    }
    const options = await app.inject({ url: '/api/v1/payments/card-top-up' });
    expect(options.json()).toMatchObject({ available: true, currency: 'RUB', min: { minor: 1_000 }, max: { minor: 1_500_000 } });
    const list = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments` });
    expect(list.json<{ payments: { paymentId: string }[] }>().payments.map((p) => p.paymentId)).toContain(first.paymentId);
  });

  it('credits a paid payment exactly once under duplicate and concurrent deliveries, through afterTopUp', async () => {
    const p = await start(30_000);
    const before = await balanceOf(app);
    const event = intentEvent('payment_intent.succeeded', p);
    const answers = await Promise.all([
      deliver(app, event),
      deliver(app, event),
      deliver(app, { ...event, id: 'evt_other_delivery' }),
      deliver(app, event),
    ]);
    for (const answer of answers) expect(answer.statusCode).toBe(200);
    expect(answers.map((a) => a.json<{ outcome: string }>().outcome).filter((o) => o === 'credited')).toHaveLength(1);
    expect(await balanceOf(app)).toBe(before + 30_000);
    const replay = await deliver(app, event);
    expect(replay.json()).toMatchObject({ outcome: 'unchanged' });
    const late = await deliver(app, intentEvent('payment_intent.payment_failed', p));
    expect(late.json()).toMatchObject({ outcome: 'unchanged' });
    expect(await balanceOf(app)).toBe(before + 30_000);
    const payment = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments/${p.paymentId}` });
    expect(payment.json()).toMatchObject({ status: 'succeeded', card: { brand: 'visa', last4: '4242' }, redirectUrl: null });
    const history = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/balances/main/history?limit=1` });
    expect(history.json()).toMatchObject({ postings: [{ kind: 'top-up', description: 'card', externalRef: p.ref, amount: 30_000 }] });
    const audit = await db().db.selectFrom('audit_log').select('action').where('subject_id', '=', p.paymentId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['payment.start', 'payment.succeeded']);
  });

  it('unblocks a blocked prepaid line when the card payment brings it back to its floor', async () => {
    const blocked = '+79160000004';
    const debt = -(await balanceOf(app, blocked));
    expect(debt).toBeGreaterThan(0);
    const p = await start(Math.max(debt, 1_000), blocked);
    await deliver(app, intentEvent('payment_intent.succeeded', p));
    const line = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(blocked)}` });
    expect(line.json()).toMatchObject({ status: 'active' });
  });

  it('refuses a bad signature (400), an old one and another secret, and changes nothing', async () => {
    const p = await start(20_000);
    const event = intentEvent('payment_intent.succeeded', p);
    const counts = await tableCounts(db());
    const body = JSON.stringify(event);
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/simulated',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signStripePayload(SECRET, body).replace(/v1=(.)/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`),
      },
      payload: body,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'webhook_signature_invalid' });
    expect((await deliver(app, event, 'whsec_some_other_secret_entirely')).statusCode).toBe(400);
    const stale = await app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/simulated',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signStripePayload(SECRET, body, new Date(Date.now() - 3_600_000)),
      },
      payload: body,
    });
    expect(stale.statusCode).toBe(400);
    // The signature covers the exact bytes: the same JSON re-serialized with a space is refused.
    const reformatted = await app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/simulated',
      headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(SECRET, body) },
      payload: JSON.stringify(event, null, 1),
    });
    expect(reformatted.statusCode).toBe(400);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/simulated',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(missing.statusCode).toBe(400);
    expect(await tableCounts(db())).toEqual(counts);
  });

  it('refuses a success whose amount or currency differ from the payment, without crediting, and audits it', async () => {
    const p = await start(20_000);
    const before = await balanceOf(app);
    const less = await deliver(app, intentEvent('payment_intent.succeeded', { ...p, amount: 2_000 }));
    expect(less.statusCode).toBe(422);
    expect(less.json()).toMatchObject({ code: 'payment_mismatch' });
    const otherCurrency = await deliver(app, intentEvent('payment_intent.succeeded', { ...p, currency: 'usd' }));
    expect(otherCurrency.statusCode).toBe(422);
    expect(await balanceOf(app)).toBe(before);
    const payment = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments/${p.paymentId}` });
    expect(payment.json()).toMatchObject({ status: 'pending' });
    const audit = await db().db.selectFrom('audit_log').select('action').where('subject_id', '=', p.paymentId).execute();
    expect(audit.filter((a) => a.action === 'payment.mismatch')).toHaveLength(2);
  });

  it('a declined card leaves the balance unchanged and ends the payment as failed', async () => {
    const p = await start(25_000);
    const before = await balanceOf(app);
    const counts = await tableCounts(db());
    const declined = await deliver(app, intentEvent('payment_intent.payment_failed', p));
    expect(declined.json()).toMatchObject({ outcome: 'settled' });
    expect(await balanceOf(app)).toBe(before);
    expect(await tableCounts(db())).toEqual({ ...counts, audit_log: counts.audit_log! + 1 });
    const payment = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments/${p.paymentId}` });
    expect(payment.json()).toMatchObject({ status: 'failed', failureCode: 'generic_decline', redirectUrl: null });
    expect((await deliver(app, intentEvent('payment_intent.payment_failed', p))).json()).toMatchObject({ outcome: 'unchanged' });
  });

  it('does not show a payment of another line', async () => {
    const p = await start(20_000);
    const res = await app.inject({ url: `/api/v1/lines/${encodeURIComponent('+79160000002')}/payments/${p.paymentId}` });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'payment_not_found' });
  });
});

describeEachDatabase('hosted payment page simulator to Kabinet over HTTP', (db) => {
  const CARD = '4242424242424242';
  const DECLINED = '4000000000000002';
  let app: App;
  let simulator: RunningSimulator;
  let kabinetUrl: string;
  const logged: string[] = [];
  const simulatorLog: string[] = [];

  beforeAll(async () => {
    const deps = await demoDeps(db(), 'mts-ru');
    simulator = await startHostedPageSimulator({ port: 0, secret: SECRET, log: (line) => simulatorLog.push(line) });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const payments = paymentProviders(new SimulatedPaymentProvider({ pageUrl: simulator.url, secret: SECRET }));
    app = await buildApp(testConfig({ KABINET_PROFILE: 'mts-ru', LOG_LEVEL: 'trace' }), {
      storage: db(),
      profile: deps.profile,
      clock: deps.clock,
      payments,
      logger,
    });
    kabinetUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await simulator.close();
  });

  async function payOnHostedPage(amount: number, card: string): Promise<{ paymentId: string; location: string | null }> {
    const started = await fetch(`${kabinetUrl}/api/v1/lines/${encodeURIComponent(LINE)}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key() },
      body: JSON.stringify({ amount }),
    });
    const { paymentId, redirectUrl } = (await started.json()) as { paymentId: string; redirectUrl: string };
    expect(redirectUrl.startsWith(simulator.url)).toBe(true);
    const page = await fetch(redirectUrl);
    const html = await page.text();
    expect(html).toContain('500,00');
    const token = /name="session" value="([^"]+)"/.exec(html)?.[1];
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (!token || !action) throw new Error('no form on the hosted page');
    const bad = await fetch(new URL(action, simulator.url), {
      method: 'POST',
      body: new URLSearchParams({ session: token, number: '4242424242424241', expiry: '12/40', cvc: '123', holder: 'A B', action: 'pay' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(422);
    const paid = await fetch(new URL(action, simulator.url), {
      method: 'POST',
      body: new URLSearchParams({
        session: token,
        number: card.replace(/(\d{4})/g, '$1 ').trim(),
        expiry: '12/40',
        cvc: '737',
        holder: 'Test Payer',
        action: 'pay',
      }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    return { paymentId, location: paid.headers.get('location') };
  }

  it('a paid card credits the line and the browser goes back to the return page; a declined one changes nothing', async () => {
    const before = await balanceOf(app);
    const ok = await payOnHostedPage(50_000, CARD);
    expect(ok.location).toBe(`${kabinetUrl}/lines/${encodeURIComponent(LINE)}/top-up/${ok.paymentId}`);
    const payment = await fetch(`${kabinetUrl}/api/v1/lines/${encodeURIComponent(LINE)}/payments/${ok.paymentId}`);
    expect(await payment.json()).toMatchObject({ status: 'succeeded', card: { brand: 'visa', last4: '4242' } });
    expect(await balanceOf(app)).toBe(before + 50_000);
    const declined = await payOnHostedPage(50_000, DECLINED);
    const failed = await fetch(`${kabinetUrl}/api/v1/lines/${encodeURIComponent(LINE)}/payments/${declined.paymentId}`);
    expect(await failed.json()).toMatchObject({ status: 'failed', failureCode: 'generic_decline', card: { last4: '0002' } });
    expect(await balanceOf(app)).toBe(before + 50_000);
    expect(simulatorLog.join('\n')).toContain('payment_intent.succeeded');
  });

  it('Cancel on the hosted page ends the payment as canceled and the page refuses to pay it again', async () => {
    const started = await fetch(`${kabinetUrl}/api/v1/lines/${encodeURIComponent(LINE)}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key() },
      body: JSON.stringify({ amount: 20_000 }),
    });
    const { paymentId, redirectUrl } = (await started.json()) as { paymentId: string; redirectUrl: string };
    const html = await (await fetch(redirectUrl)).text();
    const token = /name="session" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const action = new URL(/action="([^"]+)"/.exec(html)?.[1] ?? '', simulator.url);
    const canceled = await fetch(action, {
      method: 'POST',
      body: new URLSearchParams({ session: token, action: 'cancel' }),
      redirect: 'manual',
    });
    expect(canceled.status).toBe(303);
    const payment = await fetch(`${kabinetUrl}/api/v1/lines/${encodeURIComponent(LINE)}/payments/${paymentId}`);
    expect(await payment.json()).toMatchObject({ status: 'canceled' });
    const again = await fetch(action, {
      method: 'POST',
      body: new URLSearchParams({ session: token, number: CARD, expiry: '12/40', cvc: '123', holder: 'A B', action: 'pay' }),
      redirect: 'manual',
    });
    expect(again.status).toBe(409);
    const forged = await fetch(`${redirectUrl.split('?')[0]}?session=${token.slice(0, -2)}xx`);
    expect(forged.status).toBe(410);
  });

  it('the card number typed into the hosted page is nowhere in Kabinet log output or database', async () => {
    await payOnHostedPage(50_000, CARD);
    const log = logged.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('/api/v1/payments/webhooks/simulated');
    const storage = db();
    const names =
      storage.kind === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(storage.db)).rows.map((r) => r.name)
        : (
            await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(storage.db)
          ).rows.map((r) => r.name);
    expect(names).toContain('payments');
    let dump = '';
    for (const table of names)
      dump += JSON.stringify(
        await storage.db
          .selectFrom(table as never)
          .selectAll()
          .execute(),
      );
    expect(dump).toContain('4242');
    for (const typed of [CARD, '4242 4242 4242 4242', 'Test Payer', '12/40']) {
      expect(log).not.toContain(typed);
      expect(dump).not.toContain(typed);
    }
    expect(`${log}${dump}`).not.toMatch(/cvc|"737"/i);
  });
});

describe('simulated provider', () => {
  it('gives one hosted page session per payment id', async () => {
    const provider = new SimulatedPaymentProvider({ pageUrl: 'http://127.0.0.1:8090', secret: SECRET });
    const input = {
      paymentId: 'pay_0123456789abcdef01234567',
      amountMinor: 100,
      currency: 'RUB',
      amountText: '1,00 ₽',
      merchant: 'M',
      description: 'd',
      returnUrl: 'http://127.0.0.1:8080/r',
      webhookUrl: 'http://127.0.0.1:8080/w',
      language: 'en',
      idempotencyKey: 'k',
    };
    const a = await provider.createPayment(input);
    const b = await provider.createPayment(input);
    expect(a.providerRef).toBe(b.providerRef);
    expect((await provider.createPayment({ ...input, paymentId: 'pay_1123456789abcdef01234567' })).providerRef).not.toBe(a.providerRef);
  });
});
