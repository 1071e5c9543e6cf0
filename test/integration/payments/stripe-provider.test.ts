/**
 * The Stripe adapter with the official SDK against a real `stripe-stateful-mock` process, and
 * Kabinet's webhook route on both databases. The mock serves charges (not Checkout Sessions), so the
 * test plays Stripe's hosted page by creating the charge with a test token, then sends the signed
 * `payment_intent.succeeded` Stripe would send: the adapter checks the signature with
 * `webhooks.constructEvent` and settles from the charge the API reports. Under
 * KABINET_REQUIRE_ALL=1 a mock that does not start fails the suite instead of skipping it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/app.ts';
import { paymentProviders } from '../../../src/core/payments/payment-provider.ts';
import { StripePaymentProvider } from '../../../src/payments/stripe-provider.ts';
import { signStripePayload, verifyStripeSignature } from '../../../src/payments/stripe-signature.ts';
import { describeEachDatabase } from '../../support/databases.ts';
import { demoDeps, REPO_ROOT, testConfig } from '../../support/factories.ts';

const WEBHOOK_SECRET = 'whsec_test_kabinet_stripe_adapter';
const API_KEY = 'sk_test_kabinet_adapter_0000';
const LINE = '+79160000001';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts stripe-stateful-mock on a free port; resolves once it answers. */
async function startStripeMock(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/stripe-stateful-mock/dist/cli.js')], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`stripe-stateful-mock exited with ${child.exitCode}`);
    try {
      const answer = await fetch(url, { headers: { authorization: `Bearer ${API_KEY}` } });
      if (answer.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error('stripe-stateful-mock did not answer in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describeEachDatabase('Stripe adapter against stripe-stateful-mock', (db) => {
  let mock: Awaited<ReturnType<typeof startStripeMock>>;
  let stripe: Stripe;
  let provider: StripePaymentProvider;
  let app: App;

  beforeAll(async () => {
    mock = await startStripeMock();
    const base = new URL(mock.url);
    stripe = new Stripe(API_KEY, { host: base.hostname, port: Number(base.port), protocol: 'http' });
    provider = new StripePaymentProvider({ secretKey: API_KEY, webhookSecret: WEBHOOK_SECRET, apiBase: mock.url });
    const deps = await demoDeps(db(), 'mts-ru');
    app = await buildApp(testConfig({ KABINET_PROFILE: 'mts-ru' }), {
      storage: db(),
      profile: deps.profile,
      clock: deps.clock,
      payments: paymentProviders(provider),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await mock?.stop();
  });

  /** A pending payment in Kabinet, as POST /payments would leave it once Stripe created its session. */
  async function pendingPayment(amount: number): Promise<string> {
    const id = `pay_${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}${Date.now().toString(16).slice(-12).padStart(12, '0')}`;
    const line = await db().db.selectFrom('lines').select('id').where('number', '=', LINE).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db()
      .db.insertInto('payments')
      .values({
        id,
        line_id: Number(line.id),
        number: LINE,
        provider: 'stripe',
        provider_ref: `cs_test_${id}`,
        amount,
        currency: 'RUB',
        status: 'pending',
        request_key: `test:${id}`,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  function succeededEvent(paymentId: string, charge: string, amount: number): string {
    return JSON.stringify({
      id: `evt_${paymentId}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: `pi_${paymentId}`,
          object: 'payment_intent',
          amount,
          currency: 'rub',
          status: 'succeeded',
          metadata: { kabinet_payment_id: paymentId },
          latest_charge: charge,
        },
      },
    });
  }

  function deliver(body: string, signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET })) {
    return app.inject({
      method: 'POST',
      url: '/api/v1/payments/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      payload: body,
    });
  }

  async function balance(): Promise<number> {
    return (await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}` })).json<{ balance: { minor: number } }>().balance.minor;
  }

  it('settles a paid charge once, from the amount and card the Stripe API reports, after constructEvent accepted the signature', async () => {
    const paymentId = await pendingPayment(40_000);
    const charge = await stripe.charges.create({
      amount: 40_000,
      currency: 'rub',
      source: 'tok_visa',
      metadata: { kabinet_payment_id: paymentId },
    });
    const before = await balance();
    const body = succeededEvent(paymentId, charge.id, 40_000);
    const [first, second] = await Promise.all([deliver(body), deliver(body)]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect([first.json<{ outcome: string }>().outcome, second.json<{ outcome: string }>().outcome]).toContain('credited');
    expect(await balance()).toBe(before + 40_000);
    const payment = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments/${paymentId}` });
    expect(payment.json()).toMatchObject({ status: 'succeeded', provider: 'stripe', card: { brand: 'visa', last4: '4242' } });
    expect(await provider.retrieve(charge.id)).toEqual({ status: 'succeeded', amountMinor: 40_000, currency: 'RUB' });
  });

  it('refuses a signature made with another secret (400) and a notification whose charge Stripe holds for less (422)', async () => {
    const paymentId = await pendingPayment(40_000);
    const before = await balance();
    const small = await stripe.charges.create({ amount: 100, currency: 'rub', source: 'tok_visa' });
    const forged = succeededEvent(paymentId, small.id, 40_000);
    const bad = await deliver(forged, stripe.webhooks.generateTestHeaderString({ payload: forged, secret: 'whsec_not_the_right_one' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'webhook_signature_invalid' });
    // Signed correctly, but the notification claims 400 RUB for a 1 RUB charge: the API's figure wins and is refused.
    const claimed = await deliver(forged);
    expect(claimed.statusCode).toBe(422);
    expect(claimed.json()).toMatchObject({ code: 'payment_mismatch' });
    expect(await balance()).toBe(before);
  });

  it('a declined card never produces a paid charge; the failed event ends the payment without money', async () => {
    const paymentId = await pendingPayment(40_000);
    const before = await balance();
    const declined = await stripe.charges
      .create({ amount: 40_000, currency: 'rub', source: 'tok_chargeDeclined' })
      .catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    const failed = JSON.stringify({
      id: `evt_failed_${paymentId}`,
      object: 'event',
      type: 'payment_intent.payment_failed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: `pi_${paymentId}`,
          object: 'payment_intent',
          amount: 40_000,
          currency: 'rub',
          status: 'requires_payment_method',
          metadata: { kabinet_payment_id: paymentId },
          last_payment_error: {
            code: 'card_declined',
            decline_code: (declined as Stripe.errors.StripeCardError).decline_code ?? 'generic_decline',
          },
        },
      },
    });
    expect((await deliver(failed)).json()).toMatchObject({ outcome: 'settled' });
    expect(await balance()).toBe(before);
    const payment = await app.inject({ url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments/${paymentId}` });
    expect(payment.json()).toMatchObject({ status: 'failed', failureCode: 'generic_decline' });
  });

  it('a Stripe error while creating a payment answers 503 and leaves the payment pending, never half-made', async () => {
    // The mock has no Checkout Sessions: the adapter's call reaches it and is refused, as an outage would be.
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/lines/${encodeURIComponent(LINE)}/payments`,
      headers: { 'idempotency-key': `stripe-${Date.now()}` },
      payload: { amount: 10_000 },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'payment_provider_unavailable' });
    const wrongKey = new StripePaymentProvider({
      secretKey: 'sk_live_not_accepted_by_mock',
      webhookSecret: WEBHOOK_SECRET,
      apiBase: mock.url,
    });
    await expect(wrongKey.retrieve('ch_x')).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('the simulator speaks Stripe signatures', () => {
  it('a Stripe-Signature made by the simulator scheme passes the official SDK, and a tampered body does not', () => {
    const stripe = new Stripe(API_KEY);
    const body = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { object: 'payment_intent' } },
    });
    const header = signStripePayload(WEBHOOK_SECRET, body);
    expect(stripe.webhooks.constructEvent(body, header, WEBHOOK_SECRET)).toMatchObject({ id: 'evt_1' });
    expect(() => stripe.webhooks.constructEvent(body.replace('evt_1', 'evt_2'), header, WEBHOOK_SECRET)).toThrow();
    const sdkHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
    expect(verifyStripeSignature(WEBHOOK_SECRET, Buffer.from(body), sdkHeader)).toBe(true);
    expect(verifyStripeSignature('whsec_other_secret_value', Buffer.from(body), sdkHeader)).toBe(false);
  });
});
