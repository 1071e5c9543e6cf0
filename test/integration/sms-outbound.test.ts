import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSms } from '../../src/channels/sms/sms-message.repository.ts';
import { SmppSmsProvider } from '../../src/channels/sms/smpp-provider.ts';
import { SmsGateway, sendSms, type SmsDeps } from '../../src/channels/sms/send-sms.ts';
import type { SmscSimulator } from '../../src/channels/sms/smsc-simulator.ts';
import { SimulatorSmsProvider } from '../../src/channels/sms/simulator-provider.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoDeps } from '../support/factories.ts';
import { startSmppPair, type SmppPair } from '../support/smpp.ts';

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEachDatabase('outbound SMS over direct SMPP to the simulator', (db) => {
  let pair: SmppPair;
  let smsc: SmscSimulator;
  let deps: SmsDeps;

  beforeAll(async () => {
    pair = await startSmppPair({ throttleFirst: 0 });
    smsc = pair.smsc;
    const gateway = new SmsGateway(new SmppSmsProvider(pair.link), { defaultSender: 'MTS', perSecond: 500, backoffMs: 10 });
    const core = await demoDeps(db());
    deps = { ...core, sms: gateway };
    gateway.listenForReceipts(deps);
  });
  afterAll(async () => {
    await pair.stop();
  });

  it('sends a GSM 7-bit text and records the delivery receipt', async () => {
    const sent = await sendSms(deps, { to: '+79160000001', text: 'Balance: 100 RUB [ok] {€}', language: 'en' });
    expect(sent).toMatchObject({ status: 'sent', coding: 'gsm7', parts: 1 });
    const got = await smsc.waitFor((m) => m.to === '79160000001' && m.text.startsWith('Balance'));
    expect(got.text).toBe('Balance: 100 RUB [ok] {€}');
    expect(got.dataCoding).toBe(0);
    const row = await until(
      () => findSms(deps.db, sent.id),
      (r) => r?.status === 'delivered',
    );
    expect(row?.status).toBe('delivered');
  });

  it.each([
    ['ru', 'Ваш баланс: 100,00 ₽. Услуга «Электронный помощник» подключена.'],
    ['hu', 'Az egyenlege: 2 500 Ft. Köszönjük, hogy a Telekomot választotta! Őrült ű'],
    ['fa', 'موجودی شما: ۱۰۰ روبل. سرویس فعال شد.'],
  ] as const)('sends %s text as UCS-2', async (language, text) => {
    const sent = await sendSms(deps, { to: '+79160000002', text, language });
    expect(sent.coding).toBe('ucs2');
    const got = await smsc.waitFor((m) => m.text === text);
    expect(got.dataCoding).toBe(8);
  });

  it('concatenates a long text with UDH and the simulator joins it back', async () => {
    const text = 'Электронный помощник: '.repeat(12);
    const sent = await sendSms(deps, { to: '+79160000003', text, language: 'ru' });
    expect(sent.parts).toBe(Math.ceil(text.length / 67));
    const got = await smsc.waitFor((m) => m.to === '79160000003' && m.parts > 1);
    expect(got.text).toBe(text);
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    await expect(sendSms(deps, { to: '12ab', text: 'hi', language: 'en' })).rejects.toMatchObject({ code: 'invalid_number' });
    await expect(sendSms(deps, { to: '+79160000001', text: 'x'.repeat(1600), language: 'en' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(sendSms(deps, { to: '+79160000001', text: 'bad \ud800 half', language: 'en' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(sendSms(deps, { to: '+79160000001', text: '   ', language: 'en' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('retries with backoff and throughput limit', () => {
  it('retries a throttled submit and succeeds', async () => {
    const throttled = await startSmppPair({ throttleFirst: 2 });
    const { createTestDatabase } = await import('../support/databases.ts');
    const handle = await createTestDatabase('sqlite');
    try {
      const core = await demoDeps(handle.storage);
      const deps: SmsDeps = { ...core, sms: new SmsGateway(new SmppSmsProvider(throttled.link), { defaultSender: 'MTS', backoffMs: 5 }) };
      const sent = await sendSms(deps, { to: '+79160000001', text: 'retry me', language: 'en' });
      expect(sent).toMatchObject({ status: 'sent', attempts: 3 });
    } finally {
      await throttled.stop();
      await handle.drop();
    }
  });

  it('holds a link to its parts per second', async () => {
    const { createTestDatabase } = await import('../support/databases.ts');
    const handle = await createTestDatabase('sqlite');
    try {
      const core = await demoDeps(handle.storage);
      const provider = new SimulatorSmsProvider();
      const deps: SmsDeps = { ...core, sms: new SmsGateway(provider, { defaultSender: 'MTS', perSecond: 20 }) };
      const started = Date.now();
      await Promise.all(Array.from({ length: 40 }, (_, i) => sendSms(deps, { to: '+79160000001', text: `n${i}`, language: 'en' })));
      // 20 in the first burst, 20 more at 20/s: about one second.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(provider.inbox('+79160000001')).toHaveLength(40);
    } finally {
      await handle.drop();
    }
  });
});
