/**
 * End to end over the real protocols: the SMSC simulator ⇄ real Kannel (bearerbox + smsbox) ⇄
 * Kabinet's HTTP adapters, and the SMSC simulator ⇄ Kabinet's own SMPP bind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { answerSmppTraffic } from '../../src/channels/smpp-inbound.ts';
import { KannelSmsProvider } from '../../src/channels/sms/kannel-provider.ts';
import { SmsGateway, sendSms, type SmsDeps } from '../../src/channels/sms/send-sms.ts';
import { findSms } from '../../src/channels/sms/sms-message.repository.ts';
import { SmppLink } from '../../src/channels/sms/smpp-link.ts';
import { USSD_OP } from '../../src/channels/sms/smpp-pdu.ts';
import { SmscSimulator } from '../../src/channels/sms/smsc-simulator.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { listActiveServiceIds } from '../../src/core/subscribers/subscription.repository.ts';
import { findLineByNumber } from '../../src/core/subscribers/line.repository.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoApp, fixedClock, profile, testConfig } from '../support/factories.ts';
import { GatewaySmsSender, identityAccessCodes } from '../../src/channels/sms/identity-bridge.ts';
import { hashingOf } from '../../src/core/identity/identity-deps.ts';
import { MemorySmsSender } from '../../src/core/identity/sms-sender.ts';
import { kannelUnavailable, startKannel, type RunningKannel } from '../support/kannel.ts';

async function activeServices(deps: CoreDeps, number: string): Promise<string[]> {
  const line = await findLineByNumber(deps.db, number);
  return (await listActiveServiceIds(deps.db, line!.id)).map((s) => s.serviceId);
}

const noKannel = kannelUnavailable();
if (noKannel) console.warn(`[skip] Kannel suites: ${noKannel}`);

(noKannel ? describe.skip : describe)('through the real Kannel', () => {
  describeEachDatabase('Kannel bound to the SMSC simulator', (db) => {
    const smsc = new SmscSimulator({ systemId: 'kannel', password: 'ksecret' });
    let app: App;
    let deps: CoreDeps;
    let kannel: RunningKannel;
    let baseUrl: string;

    let identitySms: GatewaySmsSender;

    beforeAll(async () => {
      const storage = db();
      identitySms = new GatewaySmsSender({ db: storage.db, profile: profile('mts-ru'), clock: fixedClock() }, new MemorySmsSender());
      ({ app, deps } = await demoApp(storage, 'mts-ru', {}, { sms: identitySms }));
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const smscPort = await smsc.start();
      kannel = await startKannel({ smscPort, appBaseUrl: baseUrl, systemId: 'kannel', password: 'ksecret' });
      await smsc.waitForBind(15_000);
      // Identity's codes leave through Kannel's sendsms, as in production with KABINET_SMS_PROVIDER=kannel.
      const provider = new KannelSmsProvider({
        sendsmsUrl: kannel.sendsmsUrl,
        username: kannel.username,
        password: kannel.password,
        callbackBaseUrl: baseUrl,
      });
      identitySms.gateway = new SmsGateway(provider, { defaultSender: '6262', backoffMs: 20 });
    }, 30_000);
    afterAll(async () => {
      await kannel?.stop();
      await smsc.stop();
      await app?.close();
    });

    it('S3.2: SMS "2163" to 111 activates the Electronic Assistant; the reply reaches the handset in UCS-2', async () => {
      await smsc.injectMo({ from: '+79160000004', to: '111', text: '2163' });
      const reply = await smsc.waitFor((m) => m.to.endsWith('79160000004') && m.from === '111', 10_000);
      expect(reply.text).toMatch(/^Услуга «Электронный помощник» подключена\. Стоимость: 0,00\s₽\.$/);
      expect(reply.dataCoding).toBe(8);
      expect(await activeServices(deps, '+79160000004')).toContain('electronic-assistant');
    });

    it('S3.3: an empty SMS to 6262 brings an access code by SMS through Kannel', async () => {
      await smsc.injectMo({ from: '+79160000001', to: '6262', text: '' });
      const reply = await smsc.waitFor((m) => m.to.endsWith('79160000001') && m.from === '6262', 10_000);
      expect(reply.text).toMatch(/\d{6}/);
      expect(reply.text).toContain('Электронн');
    });

    it('Russian MO text arrives intact and unknown commands get help', async () => {
      await smsc.injectMo({ from: '+79160000002', to: '111', text: 'Привет' });
      const reply = await smsc.waitFor((m) => m.to.endsWith('79160000002') && m.from === '111', 10_000);
      expect(reply.text).toContain('Команда не распознана');
      expect(reply.parts).toBeGreaterThan(1); // help is longer than one UCS-2 SMS: Kannel concatenates
    });

    it('USSD through Kannel meta-data: a *111# menu dialogue with ussd_service_op and its_session_info', async () => {
      await smsc.injectMo({
        from: '+79160000003',
        to: '111',
        text: '*111#',
        ussdServiceOp: USSD_OP.pssrIndication,
        itsSessionInfo: '2101',
      });
      const menu = await smsc.waitFor((m) => m.to.endsWith('79160000003') && m.text.includes('1 Баланс'), 10_000);
      expect(menu.ussdServiceOp).toBe(USSD_OP.ussrRequest);
      expect(menu.itsSessionInfo).toBe('2101');
      await smsc.injectMo({ from: '+79160000003', to: '111', text: '1', ussdServiceOp: USSD_OP.ussrConfirm, itsSessionInfo: '2102' });
      const end = await smsc.waitFor((m) => m.to.endsWith('79160000003') && m.text.startsWith('Ваш баланс'), 10_000);
      expect(end.ussdServiceOp).toBe(USSD_OP.pssrResponse);
    });

    it.each([
      ['ru', '+79160000001', 'Код доступа к Электронному помощнику: 123456.'],
      ['hu', '+79160000002', 'Köszönjük! Az egyenlege: 2 500 Ft. Hűség: őrült jó.'],
      ['fa', '+79160000003', 'موجودی شما ۱۰۰ روبل است.'],
    ] as const)('outbound %s text through sendsms with a delivery report', async (language, to, text) => {
      const provider = new KannelSmsProvider({
        sendsmsUrl: kannel.sendsmsUrl,
        username: kannel.username,
        password: kannel.password,
        callbackBaseUrl: baseUrl,
      });
      const smsDeps: SmsDeps = { ...deps, sms: new SmsGateway(provider, { defaultSender: 'MTS', backoffMs: 20 }) };
      const sent = await sendSms(smsDeps, { to, text, language });
      expect(sent.status).toBe('sent');
      const got = await smsc.waitFor((m) => m.text === text, 10_000);
      expect(got.dataCoding).toBe(8);
      expect(got.to).toBe(to.slice(1));
      const end = Date.now() + 8000;
      let row = await findSms(deps.db, sent.id);
      while (row?.status !== 'delivered' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        row = await findSms(deps.db, sent.id);
      }
      expect(row?.status).toBe('delivered');
    });
  });
});

describeEachDatabase("direct SMPP: the simulator delivers to Kabinet's own ESME", (db) => {
  const smsc = new SmscSimulator({ systemId: 'kabinet', password: 'secret' });
  let link: SmppLink;
  let deps: CoreDeps;

  beforeAll(async () => {
    const port = await smsc.start();
    ({ deps } = await demoApp(db()));
    link = new SmppLink({ host: '127.0.0.1', port, systemId: 'kabinet', password: 'secret' });
    answerSmppTraffic(link, {
      ...deps,
      accessCodes: identityAccessCodes({ sms: new MemorySmsSender(), hashing: hashingOf(testConfig()) }),
    });
    await link.open();
  });
  afterAll(async () => {
    await link.close();
    await smsc.stop();
  });

  it('S3.2 by SMS over SMPP', async () => {
    await smsc.injectMo({ from: '+79160000004', to: '111', text: '2163' });
    const reply = await smsc.waitFor((m) => m.to === '79160000004' && m.from === '111');
    expect(reply.text).toContain('Электронный помощник');
    expect(await activeServices(deps, '+79160000004')).toContain('electronic-assistant');
  });

  it('S3.2 by USSD *111*2163# over SMPP answers at once with ussd_service_op 17', async () => {
    await smsc.injectMo({
      from: '+79160000001',
      to: '111',
      text: '*111*2163#',
      ussdServiceOp: USSD_OP.pssrIndication,
      itsSessionInfo: '0a01',
    });
    const reply = await smsc.waitFor((m) => m.to === '79160000001' && m.itsSessionInfo === '0a01');
    expect(reply.ussdServiceOp).toBe(17);
    expect(reply.serviceType).toBe('USSD');
    expect(reply.text).toBe('Эта услуга уже подключена.');
  });

  it('a USSD menu dialogue over SMPP continues with op 2 and ends with op 17', async () => {
    await smsc.injectMo({ from: '+79160000003', to: '111', text: '*111#', ussdServiceOp: USSD_OP.pssrIndication, itsSessionInfo: '0b01' });
    const menu = await smsc.waitFor((m) => m.itsSessionInfo === '0b01');
    expect(menu.ussdServiceOp).toBe(2);
    expect(menu.text).toContain('1 Баланс');
    await smsc.injectMo({ from: '+79160000003', to: '111', text: '1', ussdServiceOp: USSD_OP.ussrConfirm, itsSessionInfo: '0b02' });
    const end = await smsc.waitFor((m) => m.to === '79160000003' && m.ussdServiceOp === 17);
    expect(end.text).toMatch(/^Ваш баланс: 3\s?200,00/);
  });
});
