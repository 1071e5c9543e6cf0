/** Money over HTTP on both databases: top-ups (with unblock), charges, purchases by funding source, refunds, idempotency, bad input. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { voidExpiredHolds } from '../../../src/core/ledger/void-expired-holds.ts';
import { purgeIdempotencyKeys } from '../../../src/core/ledger/idempotency.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import { describeEachDatabase } from '../../support/databases.ts';
import { demoApp, tableCounts } from '../../support/factories.ts';
import { assertLedgerInvariants } from './invariants.ts';

let seq = 0;
const key = () => `k-${process.pid}-${++seq}`;

function post(app: App, url: string, body: unknown, idempotencyKey: string | null = key()) {
  return app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey },
  });
}

async function balanceOf(app: App, number: string): Promise<number> {
  const line = (await app.inject({ url: `/api/v1/lines/${number}` })).json<{ balance: { minor: number } }>();
  return line.balance.minor;
}

describeEachDatabase('money over HTTP (mts-ru)', (db) => {
  let app: App;
  let deps: CoreDeps;
  beforeAll(async () => {
    ({ app, deps } = await demoApp(db(), 'mts-ru'));
  });
  afterAll(async () => {
    await app.close();
  });

  it('tops up a blocked prepaid line and unblocks it in the same transaction, with an audit record', async () => {
    const before = await app.inject({ url: '/api/v1/lines/+79160000004' });
    expect(before.json()).toMatchObject({ status: 'blocked', balance: { minor: -2_000 } });
    const small = await post(app, '/api/v1/lines/+79160000004/top-ups', { amount: 1_000, source: 'card', externalRef: 'pi_1' });
    expect(small.statusCode).toBe(201);
    expect(small.json()).toMatchObject({ unblocked: false, balance: { minor: -1_000 }, externalRef: 'pi_1' });
    const enough = await post(app, '/api/v1/lines/+79160000004/top-ups', { amount: 1_000, source: 'cash-terminal' });
    expect(enough.json()).toMatchObject({ unblocked: true, balance: { minor: 0 } });
    const after = await app.inject({ url: '/api/v1/lines/+79160000004' });
    expect(after.json()).toMatchObject({ status: 'active', balance: { minor: 0 } });
    const history = await app.inject({ url: '/api/v1/lines/+79160000004/history' });
    expect(history.json().audit[0]).toMatchObject({ action: 'line.unblock' });
    const postings = await app.inject({ url: '/api/v1/lines/+79160000004/balances/main/history?limit=2' });
    expect(postings.json()).toMatchObject({
      balance: 0,
      postings: [
        { kind: 'top-up', description: 'cash-terminal', amount: 1_000, balanceAfter: 0 },
        { kind: 'top-up', externalRef: 'pi_1', amount: 1_000, balanceAfter: -1_000 },
      ],
    });
  });

  it('charges within the floor and refuses beyond it (402) without writing', async () => {
    const ok = await post(app, '/api/v1/lines/+79160000001/charges', { amount: 10_000, kind: 'fee', description: 'test fee' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().balance.minor).toBe(40_000);
    const counts = await tableCounts(db());
    const refused = await post(app, '/api/v1/lines/+79160000001/charges', { amount: 40_001, kind: 'purchase', description: 'too much' });
    expect(refused.statusCode).toBe(402);
    expect(refused.json().code).toBe('insufficient_funds');
    expect(await tableCounts(db())).toEqual(counts);
  });

  it('replays the first result for the same key, refuses the same key with another body, and never runs a duplicate twice', async () => {
    const k = key();
    const body = { amount: 500, kind: 'fee', description: 'replayed fee' };
    const first = await post(app, '/api/v1/lines/+79160000001/charges', body, k);
    const counts = await tableCounts(db());
    const again = await post(app, '/api/v1/lines/+79160000001/charges', body, k);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await post(app, '/api/v1/lines/+79160000001/charges', { ...body, amount: 501 }, k);
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('idempotency_mismatch');
    const elsewhere = await post(app, '/api/v1/lines/+79160000001/top-ups', { amount: 500, source: 'card' }, k);
    expect(elsewhere.json().code).toBe('idempotency_mismatch');
    expect(await tableCounts(db())).toEqual(counts);

    // Ten copies of one new request at once: one runs, the others conflict or replay; money moves once.
    const k2 = key();
    const balance = async () => (await app.inject({ url: '/api/v1/lines/+79160000001' })).json().balance.minor as number;
    const start = await balance();
    const copies = await Promise.all(Array.from({ length: 10 }, () => post(app, '/api/v1/lines/+79160000001/charges', body, k2)));
    const statuses = copies.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const r of copies.filter((c) => c.statusCode === 409)) expect(r.json().code).toBe('idempotency_in_flight');
    expect(new Set(copies.filter((c) => c.statusCode === 201).map((c) => c.json<{ transferId: number }>().transferId)).size).toBe(1);
    expect(await balance()).toBe(start - 500);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const counts = await tableCounts(db());
    const url = '/api/v1/lines/+79160000001/charges';
    const good = { amount: 100, kind: 'fee', description: 'x' };
    for (const amount of [0, -5, 1.5, 1e13, Number.MAX_SAFE_INTEGER + 2, '100', null]) {
      const r = await post(app, url, { ...good, amount });
      expect(r.statusCode, `amount ${String(amount)}`).toBe(400);
    }
    expect((await post(app, url, good, null)).statusCode).toBe(400);
    expect((await post(app, url, good, '')).statusCode).toBe(400);
    expect((await post(app, url, { ...good, extra: 1 })).statusCode).toBe(400);
    expect((await post(app, '/api/v1/lines/+79169999999/charges', good)).statusCode).toBe(404);
    expect((await post(app, '/api/v1/lines/+79169999999/top-ups', { amount: 100, source: 'card' })).statusCode).toBe(404);
    expect((await post(app, '/api/v1/lines/+79160000001/top-ups', { amount: 100, source: 'bitcoin' })).statusCode).toBe(400);
    expect((await post(app, '/api/v1/lines/+79160000001/refunds', { transferId: 999_999 })).statusCode).toBe(404);
    expect((await post(app, '/api/v1/lines/+79160000001/purchases/999999/capture', undefined)).statusCode).toBe(404);
    expect(await tableCounts(db())).toEqual(counts);
  });

  it('answers money routes with the same security headers as every other route', async () => {
    const money = await post(app, '/api/v1/lines/+79160000001/charges', { amount: 1, kind: 'fee', description: 'headers' });
    const other = await app.inject({ url: '/api/v1/lines/+79160000001' });
    const security = (headers: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(headers).filter(([k]) =>
          /^(content-security-policy|strict-transport|x-content-type|x-frame|cross-origin|referrer)/.test(k),
        ),
      );
    expect(Object.keys(security(money.headers)).length).toBeGreaterThanOrEqual(6);
    expect(security(money.headers)).toEqual(security(other.headers));
  });

  it('keeps idempotency keys at least 24 hours', async () => {
    const clock = deps.clock as unknown as { set(iso: string): void };
    const stored = await tableCounts(db());
    expect(stored.idempotency_keys).toBeGreaterThan(0);
    try {
      clock.set('2026-11-22T09:59:00.000Z');
      expect(await purgeIdempotencyKeys(deps, 1)).toBe(0);
      clock.set('2026-11-22T10:00:01.000Z');
      expect(await purgeIdempotencyKeys(deps)).toBe(stored.idempotency_keys);
    } finally {
      clock.set('2026-11-21T10:00:00.000Z');
    }
  });

  it('refunds a charge at most once in total', async () => {
    const charge = await post(app, '/api/v1/lines/+79160000001/charges', { amount: 1_000, kind: 'purchase', description: 'ringtone' });
    const transferId = charge.json().transferId as number;
    const part = await post(app, '/api/v1/lines/+79160000001/refunds', { transferId, amount: 400, reason: 'partial' });
    expect(part.statusCode).toBe(201);
    const rest = await post(app, '/api/v1/lines/+79160000001/refunds', { transferId });
    expect(rest.statusCode).toBe(409);
    expect(rest.json().code).toBe('refund_exceeds_charge');
    const last = await post(app, '/api/v1/lines/+79160000001/refunds', { transferId, amount: 600 });
    expect(last.statusCode).toBe(201);
    expect(last.json().balance.minor).toBe(charge.json().balance.minor + 1_000);
    // Another line's charge cannot be refunded to this one.
    expect((await post(app, '/api/v1/lines/+79160000002/refunds', { transferId })).statusCode).toBe(404);
    await assertLedgerInvariants(db().db);
  });

  it('charges a batch item by item: each its own outcome, a replay changes nothing', async () => {
    const start = await balanceOf(app, '+79160000001');
    const items = [
      { number: '+79160000001', amount: 250, kind: 'fee', description: 'batch fee', idempotencyKey: key() },
      { number: '+79160000001', amount: start, kind: 'purchase', description: 'too much', idempotencyKey: key() },
      { number: '+79169999999', amount: 100, kind: 'fee', description: 'nobody', idempotencyKey: key() },
    ];
    const first = await post(app, '/api/v1/charges/batch?lang=en', { items }, null);
    expect(first.statusCode).toBe(200);
    const results = first.json().results as {
      idempotencyKey: string;
      status: number;
      replayed: boolean;
      charge?: { transferId: number };
      problem?: { code: string; detail: string };
    }[];
    expect(results.map((r) => [r.idempotencyKey, r.status, r.problem?.code])).toEqual([
      [items[0]?.idempotencyKey, 201, undefined],
      [items[1]?.idempotencyKey, 402, 'insufficient_funds'],
      [items[2]?.idempotencyKey, 404, 'line_not_found'],
    ]);
    expect(results[1]?.problem?.detail).toMatch(/balance|funds/i);
    expect(await balanceOf(app, '+79160000001')).toBe(start - 250);
    const counts = await tableCounts(db());
    const again = (await post(app, '/api/v1/charges/batch', { items }, null)).json().results as typeof results;
    expect(again[0]).toMatchObject({ status: 201, replayed: true, charge: { transferId: results[0]?.charge?.transferId } });
    expect(again.map((r) => r.status)).toEqual([201, 402, 404]);
    expect(await tableCounts(db())).toEqual(counts);
    await assertLedgerInvariants(db().db);
  });

  it('a batch of 200 charges against a balance that covers 100: exactly 100 are charged', async () => {
    const n = '+79160000001';
    const start = await balanceOf(app, n);
    const amount = Math.floor(start / 100);
    const items = Array.from({ length: 200 }, () => ({ number: n, amount, kind: 'fee', description: 'race', idempotencyKey: key() }));
    const results = (await post(app, '/api/v1/charges/batch', { items }, null)).json().results as { status: number }[];
    expect(results.filter((r) => r.status === 201)).toHaveLength(100);
    expect(results.filter((r) => r.status === 402)).toHaveLength(100);
    expect(await balanceOf(app, n)).toBe(start - 100 * amount);
    await assertLedgerInvariants(db().db);
  });

  it('refuses a malformed batch whole (400) and writes nothing', async () => {
    const counts = await tableCounts(db());
    const item = { number: '+79160000001', amount: 100, kind: 'fee', description: 'x', idempotencyKey: key() };
    const url = '/api/v1/charges/batch';
    expect((await post(app, url, { items: [] }, null)).statusCode).toBe(400);
    expect(
      (await post(app, url, { items: Array.from({ length: 1001 }, (_, i) => ({ ...item, idempotencyKey: `big-${i}` })) }, null)).statusCode,
    ).toBe(400);
    expect((await post(app, url, { items: [item, { ...item, idempotencyKey: key(), amount: -1 }] }, null)).statusCode).toBe(400);
    expect((await post(app, url, { items: [{ ...item, idempotencyKey: '' }] }, null)).statusCode).toBe(400);
    expect((await post(app, url, { items: [item], extra: true }, null)).statusCode).toBe(400);
    expect(await tableCounts(db())).toEqual(counts);
  });
});

describeEachDatabase('charge batches outside demo mode', (db) => {
  it('refuses every item to an anonymous caller and writes nothing', async () => {
    const { app } = await demoApp(db(), 'mts-ru', { KABINET_MODE: 'production' });
    try {
      const counts = await tableCounts(db());
      const items = [{ number: '+79160000001', amount: 100, kind: 'fee', description: 'x', idempotencyKey: key() }];
      const r = await post(app, '/api/v1/charges/batch', { items }, null);
      expect(r.json().results).toMatchObject([{ status: 403, problem: { code: 'demo_only' } }]);
      expect(await tableCounts(db())).toEqual(counts);
    } finally {
      await app.close();
    }
  });
});

describeEachDatabase('purchases with funding sources and caps (telekom-hu)', (db) => {
  let app: App;
  let deps: CoreDeps;
  const postpaid = '/api/v1/lines/+36301234567';
  const prepaid = '/api/v1/lines/+36301234568';
  const pstn = '/api/v1/lines/+3612345678';
  beforeAll(async () => {
    ({ app, deps } = await demoApp(db(), 'telekom-hu'));
  });
  afterAll(async () => {
    await app.close();
  });

  it('reserves on the purchase limit of a postpaid line, captures, and counts the month (S0.4, S0.6)', async () => {
    const held = await post(app, `${postpaid}/purchases`, { amount: 4_990, source: 'limit', serviceId: 'premium-help-desk' });
    expect(held.statusCode).toBe(201);
    expect(held.json()).toMatchObject({ status: 'pending', source: 'limit', amount: 4_990, unit: 'HUF' });
    const id = held.json().purchaseId as number;
    let balances = (await app.inject({ url: `${postpaid}/balances` })).json();
    expect(balances.purchaseLimit).toMatchObject({ month: '2026-11', limit: 10_000, used: 0, reserved: 4_990 });
    const captured = await post(app, `${postpaid}/purchases/${id}/capture`, undefined);
    expect(captured.statusCode).toBe(200);
    expect(captured.json()).toMatchObject({ status: 'posted' });
    expect(captured.json().transferId).toBeGreaterThan(0);
    const twice = await post(app, `${postpaid}/purchases/${id}/capture`, undefined);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('hold_not_pending');
    balances = (await app.inject({ url: `${postpaid}/balances` })).json();
    expect(balances.purchaseLimit).toMatchObject({ used: 4_990, reserved: 0 });
    expect(balances.carrierBilling).toMatchObject({ used: 4_990, perMonth: 90_000, perTransaction: 15_000 });
    // The limit (10,000) does not cover another 6,000.
    const over = await post(app, `${postpaid}/purchases`, { amount: 6_000, source: 'limit' });
    expect(over.statusCode).toBe(402);
  });

  it('pays with points only for products that accept them, and voids give points back', async () => {
    const refused = await post(app, `${postpaid}/purchases`, { amount: 100, source: 'points', serviceId: 'voice-id' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('funding_source_not_allowed');
    const held = await post(app, `${postpaid}/purchases`, { amount: 1_000, source: 'points', serviceId: 'premium-help-desk' });
    expect(held.json()).toMatchObject({ unit: 'points', status: 'pending' });
    const points = async () =>
      (await app.inject({ url: `${postpaid}/balances` }))
        .json<{ accounts: { account: string }[] }>()
        .accounts.find((a) => a.account === 'points');
    expect(await points()).toMatchObject({ balance: 1_200, reserved: 1_000, available: 200 });
    const voided = await post(app, `${postpaid}/purchases/${held.json().purchaseId}/void`, undefined);
    expect(voided.json().status).toBe('voided');
    expect(await points()).toMatchObject({ balance: 1_200, reserved: 0 });
  });

  it('refuses the purchase limit to prepaid lines and the fixed-line bill to mobile customers (S0.6, S0.7)', async () => {
    expect((await post(app, `${prepaid}/purchases`, { amount: 100, source: 'limit' })).json().code).toBe('funding_source_not_allowed');
    expect((await post(app, `${postpaid}/purchases`, { amount: 100, source: 'fixed-bill' })).json().code).toBe(
      'funding_source_not_allowed',
    );
    const fixed = await post(app, `${pstn}/purchases`, { amount: 4_990, source: 'fixed-bill', serviceId: 'premium-help-desk' });
    expect(fixed.statusCode).toBe(201);
    const captured = await post(app, `${pstn}/purchases/${fixed.json().purchaseId}/capture`, undefined);
    expect(captured.json().status).toBe('posted');
    const receivable = await app.inject({ url: '/api/v1/ledger/accounts/fixed-line-billing/history' });
    expect(receivable.json().postings[0]).toMatchObject({ kind: 'purchase', amount: -4_990 });
  });

  it('applies the per-transaction cap and the per-month cap (S0.8)', async () => {
    const big = await post(app, `${prepaid}/top-ups`, { amount: 200_000, source: 'card' });
    expect(big.statusCode).toBe(201);
    const over = await post(app, `${prepaid}/purchases`, { amount: 15_001, source: 'balance' });
    expect(over.json()).toMatchObject({ code: 'purchase_cap_exceeded' });
    const held: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await post(app, `${prepaid}/purchases`, { amount: 15_000, source: 'balance' });
      expect(r.statusCode).toBe(201);
      held.push(r.json().purchaseId as number);
    }
    const seventh = await post(app, `${prepaid}/purchases`, { amount: 1, source: 'balance' });
    expect(seventh.json()).toMatchObject({ code: 'purchase_cap_exceeded' });
    // Voiding gives the month's cap back.
    await post(app, `${prepaid}/purchases/${held[0]}/void`, undefined);
    expect((await post(app, `${prepaid}/purchases`, { amount: 1, source: 'balance' })).statusCode).toBe(201);
  });

  it('expires abandoned holds: capture after expiry fails, the sweeper releases them once', async () => {
    const held = await post(app, `${postpaid}/purchases`, { amount: 10, source: 'balance', holdSeconds: 60 });
    expect(held.statusCode).toBe(201);
    const clock = deps.clock as unknown as { set(iso: string): void };
    clock.set('2026-11-21T10:05:00.000Z');
    try {
      const late = await post(app, `${postpaid}/purchases/${held.json().purchaseId}/capture`, undefined);
      expect(late.json().code).toBe('hold_expired');
      expect(await voidExpiredHolds(deps)).toBeGreaterThanOrEqual(1);
      expect(await voidExpiredHolds(deps)).toBe(0);
      const after = await post(app, `${postpaid}/purchases/${held.json().purchaseId}/capture`, undefined);
      expect(after.json()).toMatchObject({ code: 'hold_not_pending' });
    } finally {
      clock.set('2026-11-21T10:00:00.000Z');
    }
    await assertLedgerInvariants(db().db);
  });
});
