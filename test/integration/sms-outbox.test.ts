/**
 * The SMS outbox reaches subscribers: what the core queues in its transactions (here a charge's
 * receipt) goes out through the SMS gateway to the SMSC, exactly once even with two dispatchers at
 * once; an unsendable row fails, an abandoned claim is taken again. On both databases, over real
 * SMPP to the in-repo SMSC simulator.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_PASSES, startOutboxDispatcher } from '../../src/channels/sms/outbox-dispatcher.ts';
import { SmppSmsProvider } from '../../src/channels/sms/smpp-provider.ts';
import { SmsGateway, type SmsDeps } from '../../src/channels/sms/send-sms.ts';
import type { SmscSimulator } from '../../src/channels/sms/smsc-simulator.ts';
import { chargeBalance } from '../../src/core/ledger/charge-balance.ts';
import { enqueueSms } from '../../src/core/notifications/sms-outbox.repository.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoActor, demoDeps } from '../support/factories.ts';
import { startSmppPair, type SmppPair } from '../support/smpp.ts';

describeEachDatabase('the SMS outbox goes out through the gateway', (db) => {
  let pair: SmppPair;
  let smsc: SmscSimulator;
  let deps: SmsDeps;

  beforeAll(async () => {
    pair = await startSmppPair();
    smsc = pair.smsc;
    const link = pair.link;
    deps = {
      ...(await demoDeps(db())),
      sms: new SmsGateway(new SmppSmsProvider(link), { defaultSender: 'MTS', perSecond: 500, backoffMs: 10 }),
    };
  });
  afterAll(async () => {
    await pair.stop();
  });

  const outboxRow = (id: number) => deps.db.selectFrom('sms_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lastOutboxId = async () =>
    Number((await deps.db.selectFrom('sms_outbox').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ?? 0);

  it('sends a charge receipt to the SMSC once, even with two dispatchers at once, and marks it sent', async () => {
    const description = `outbox ${db().kind}`;
    await chargeBalance(
      deps,
      { number: '+79160000001', amount: 1_000, kind: 'fee', description, language: 'en', idempotencyKey: `outbox-${db().kind}` },
      demoActor,
    );
    const id = await lastOutboxId();
    expect((await outboxRow(id)).status).toBe('pending');

    const a = startOutboxDispatcher(deps, { intervalMs: 60_000 });
    const b = startOutboxDispatcher(deps, { intervalMs: 60_000 });
    await Promise.all([a.runOnce(), b.runOnce()]);
    await Promise.all([a.stop(), b.stop()]);

    const got = await smsc.waitFor((m) => m.text.includes(description));
    expect(got.to).toBe('79160000001');
    expect(got.text).toMatch(/^Списано 10,00\s₽: outbox .*\. Баланс: 490,00\s₽\.$/);
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'sent' });
    expect(row.sms_id).not.toBeNull();
    // Exactly once: the simulator got the receipt one time, and nothing is left to claim.
    await new Promise((r) => setTimeout(r, 100));
    expect(smsc.submitted.filter((m) => m.text.includes(description))).toHaveLength(1);
    const again = startOutboxDispatcher(deps, { intervalMs: 60_000 });
    await again.stop();
    expect(await again.runOnce()).toBe(0);
  });

  it('keeps a row the gateway keeps refusing for a later pass, and gives up after the last', async () => {
    // An SMSC that throttles every submit: each pass is sendSms's own retries, all refused.
    const busy = await startSmppPair({ throttleFirst: 1_000_000 });
    try {
      const busyDeps = {
        ...deps,
        sms: new SmsGateway(new SmppSmsProvider(busy.link), { defaultSender: 'MTS', attempts: 2, backoffMs: 1 }),
      };
      const at = deps.clock.now().toISOString();
      // Only this row is due, so each pass below claims exactly it.
      await deps.db.updateTable('sms_outbox').set({ status: 'sent' }).where('status', 'in', ['pending', 'sending']).execute();
      await enqueueSms(deps.db, { lineId: null, to: '+79160000005', language: 'en', template: 'charge', text: 'outage', at });
      const id = await lastOutboxId();
      const pass = async () => {
        const d = startOutboxDispatcher(busyDeps, { intervalMs: 60_000 });
        await d.stop();
        return d.runOnce();
      };
      expect(await pass()).toBe(1);
      const waiting = await outboxRow(id);
      expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
      expect(waiting.claimed_at! > at).toBe(true);
      expect(await pass()).toBe(0); // not before its time
      // Its time comes for the last pass: then it is given up.
      await deps.db
        .updateTable('sms_outbox')
        .set({ claimed_at: at, attempts: MAX_PASSES - 1 })
        .where('id', '=', id)
        .execute();
      expect(await pass()).toBe(1);
      expect((await outboxRow(id)).status).toBe('failed');
    } finally {
      await busy.stop();
    }
  });

  it('fails a row that can never be sent, and takes an abandoned claim again', async () => {
    const at = deps.clock.now().toISOString();
    await enqueueSms(deps.db, { lineId: null, to: 'not a number', language: 'en', template: 'charge', text: 'never', at });
    const broken = await lastOutboxId();
    await enqueueSms(deps.db, { lineId: null, to: '+79160000003', language: 'en', template: 'charge', text: `abandoned ${db().kind}`, at });
    const abandoned = await lastOutboxId();
    // A process claimed it long ago and stopped before sending.
    await deps.db
      .updateTable('sms_outbox')
      .set({ status: 'sending', claimed_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', abandoned)
      .execute();

    const dispatcher = startOutboxDispatcher(deps, { intervalMs: 60_000 });
    await dispatcher.runOnce();
    await dispatcher.stop();
    expect((await outboxRow(broken)).status).toBe('failed');
    expect((await outboxRow(abandoned)).status).toBe('sent');
    await smsc.waitFor((m) => m.text === `abandoned ${db().kind}`);
  });
});
