/**
 * Every charge leaves a receipt SMS in the line's language, a low-balance SMS when it takes the
 * balance below the threshold, and the line's spend of the day and month; exactly once per charge
 * (replays and refused charges leave nothing). On both databases.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import { chargeBalance } from '../../../src/core/ledger/charge-balance.ts';
import { ledgerWriter } from '../../../src/core/ledger/ledger-writer.ts';
import { describeEachDatabase } from '../../support/databases.ts';
import { demoActor, demoApp, tableCounts } from '../../support/factories.ts';

const PERSIAN = '+79520000002';

describeEachDatabase('charge receipts, low balance and spend (tele2-ru)', (db) => {
  let app: App;
  let deps: CoreDeps;
  beforeAll(async () => {
    ({ app, deps } = await demoApp(db(), 'tele2-ru'));
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (url: string, body: object, key: string) =>
    app.inject({ method: 'POST', url: `/api/v1${url}?lang=en`, payload: body, headers: { 'idempotency-key': key } });
  const outbox = async () =>
    deps.db
      .selectFrom('sms_outbox')
      .innerJoin('lines', 'lines.id', 'sms_outbox.line_id')
      .select(['sms_outbox.template', 'sms_outbox.language', 'sms_outbox.text'])
      .where('lines.number', '=', PERSIAN)
      .orderBy('sms_outbox.id')
      .execute();
  const spend = async () =>
    deps.db
      .selectFrom('spend_daily')
      .innerJoin('lines', 'lines.id', 'spend_daily.line_id')
      .select(['spend_daily.day', 'spend_daily.kind', 'spend_daily.units', 'spend_daily.amount'])
      .where('lines.number', '=', PERSIAN)
      .where('spend_daily.kind', 'in', ['fee', 'purchase'])
      .orderBy('spend_daily.kind')
      .execute();

  it('sends the receipt in the line language, with the balance after; a replay or a refused charge sends nothing', async () => {
    expect((await post(`/lines/${PERSIAN}/top-ups`, { amount: 5_000, source: 'card' }, 'r-top-up')).statusCode).toBe(201);
    const before = (await outbox()).length;
    const spendBefore = await spend();

    // 50.00 -> 25.00: a receipt in Persian (the request asked for English), and below the 30.00 threshold: one low-balance SMS.
    const charge = await post(`/lines/${PERSIAN}/charges`, { amount: 2_500, kind: 'purchase', description: 'Kino 24' }, 'r-1');
    expect(charge.statusCode).toBe(201);
    expect(charge.json()).toMatchObject({ balance: { minor: 2_500, text: expect.stringContaining('25.00') } });
    const sent = (await outbox()).slice(before);
    expect(sent.map((s) => [s.template, s.language])).toEqual([
      ['charge', 'fa'],
      ['lowBalance', 'fa'],
    ]);
    expect(sent[0]!.text).toContain('Kino 24');
    expect(sent[0]!.text).toContain('۲۵'); // the balance after, in Persian digits
    expect(sent[0]!.text).not.toContain('25.00');

    // The same key again, and a charge the balance does not cover: nothing more is written.
    const counts = await tableCounts(db());
    const replay = await post(`/lines/${PERSIAN}/charges`, { amount: 2_500, kind: 'purchase', description: 'Kino 24' }, 'r-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await post(`/lines/${PERSIAN}/charges`, { amount: 9_999, kind: 'fee', description: 'too much' }, 'r-2')).statusCode).toBe(402);
    expect(await tableCounts(db())).toEqual(counts);

    // Below the threshold already: a second charge has its receipt and no second low-balance SMS.
    expect((await post(`/lines/${PERSIAN}/charges`, { amount: 100, kind: 'fee', description: 'SMS pack' }, 'r-3')).statusCode).toBe(201);
    expect((await outbox()).slice(before).map((s) => s.template)).toEqual(['charge', 'lowBalance', 'charge']);

    // Both charges count in the day's spend, each under its kind.
    const added = (await spend()).map((row) => {
      const prior = spendBefore.find((p) => p.kind === row.kind && p.day === row.day);
      return [row.kind, Number(row.units) - Number(prior?.units ?? 0), Number(row.amount) - Number(prior?.amount ?? 0)];
    });
    expect(added).toEqual([
      ['fee', 1, 100],
      ['purchase', 1, 2_500],
    ]);
  });

  it('sends a receipt when a purchase on the balance is captured, not when it is reserved or voided', async () => {
    expect((await post(`/lines/${PERSIAN}/top-ups`, { amount: 10_000, source: 'card' }, 'p-top-up')).statusCode).toBe(201);
    const before = (await outbox()).length;
    const reserve = (description: string, k: string) =>
      post(`/lines/${PERSIAN}/purchases`, { amount: 300, source: 'balance', description }, k).then((r) => r.json<{ purchaseId: number }>());
    const kept = await reserve('Music month', 'p-1');
    const dropped = await reserve('Game coins', 'p-2');
    expect((await outbox()).length).toBe(before);
    expect((await post(`/lines/${PERSIAN}/purchases/${dropped.purchaseId}/void`, {}, 'p-3')).statusCode).toBe(200);
    expect((await post(`/lines/${PERSIAN}/purchases/${kept.purchaseId}/capture`, {}, 'p-4')).statusCode).toBe(200);
    const sent = (await outbox()).slice(before);
    expect(sent.map((s) => [s.template, s.language])).toEqual([['charge', 'fa']]);
    expect(sent[0]!.text).toContain('Music month');
  });

  it('sends a receipt for each item of a charge batch', async () => {
    expect((await post(`/lines/${PERSIAN}/top-ups`, { amount: 10_000, source: 'card' }, 'b-top-up')).statusCode).toBe(201);
    const before = (await outbox()).length;
    const items = [1, 2, 3].map((i) => ({ number: PERSIAN, amount: 100, kind: 'fee', description: `item ${i}`, idempotencyKey: `b-${i}` }));
    const batch = await app.inject({ method: 'POST', url: '/api/v1/charges/batch', payload: { items } });
    expect(batch.statusCode).toBe(200);
    const receipts = (await outbox()).slice(before);
    expect(receipts.map((s) => s.template)).toEqual(['charge', 'charge', 'charge']);
    expect(receipts.map((s) => /item \d/.exec(s.text)?.[0]).sort()).toEqual(['item 1', 'item 2', 'item 3']);
  });
  it('keeps receipt and spend for each charge of one batch; a key another process took meanwhile undoes only its charge', async () => {
    expect((await post(`/lines/${PERSIAN}/top-ups`, { amount: 10_000, source: 'card' }, 't-top-up')).statusCode).toBe(201);
    const charge = (description: string, idempotencyKey: string) =>
      chargeBalance(deps, { number: PERSIAN, amount: 100, kind: 'fee', description, language: 'en', idempotencyKey }, demoActor);
    await charge('warm-up', 't-0'); // the line's accounts are cached: the next charges reach the writer in one turn
    // Another process stored this key (for another request) while this batch ran.
    await deps.db
      .insertInto('idempotency_keys')
      .values({
        key: 't-taken',
        request_hash: 'another request',
        status_code: 201,
        response: '{}',
        created_at: deps.clock.now().toISOString(),
      })
      .execute();
    const before = {
      outbox: (await outbox()).length,
      spend: await spend(),
      counts: await tableCounts(db()),
      writer: { ...ledgerWriter(deps.db).stats },
    };

    const results = await Promise.allSettled([charge('one', 't-1'), charge('taken', 't-taken'), charge('two', 't-2')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'idempotency_mismatch' } });
    expect(ledgerWriter(deps.db).stats.batches - before.writer.batches).toBe(1);
    expect((await outbox()).slice(before.outbox).map((s) => /one|two|taken/.exec(s.text)?.[0])).toEqual(['one', 'two']);
    const fee = (rows: Awaited<ReturnType<typeof spend>>) => rows.find((r) => r.kind === 'fee');
    expect(Number(fee(await spend())?.units) - Number(fee(before.spend)?.units ?? 0)).toBe(2);
    expect(Number(fee(await spend())?.amount) - Number(fee(before.spend)?.amount ?? 0)).toBe(200);
    const counts = await tableCounts(db());
    expect(counts.transfers! - before.counts.transfers!).toBe(2);
    expect(counts.idempotency_keys! - before.counts.idempotency_keys!).toBe(2);
  });
});

describeEachDatabase('a service activation fee has its receipt (mts-ru)', (db) => {
  let app: App;
  let deps: CoreDeps;
  beforeAll(async () => {
    ({ app, deps } = await demoApp(db(), 'mts-ru'));
  });
  afterAll(async () => {
    await app.close();
  });

  it('says what was switched on, in the line language', async () => {
    const on = await app.inject({ method: 'POST', url: '/api/v1/lines/+79160000001/services?lang=en', payload: { serviceId: 'anti-aon' } });
    expect(on.statusCode).toBe(201);
    const sms = await deps.db
      .selectFrom('sms_outbox')
      .select(['template', 'language', 'text'])
      .where('to_number', '=', '+79160000001')
      .where('template', '=', 'charge')
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ language: 'ru' });
    expect(sms[0]!.text).toMatch(/^Списано 30,00\s₽: подключение услуги «АнтиАОН»\. Баланс: 470,00\s₽\.$/);
  });
});
