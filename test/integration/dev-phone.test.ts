import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { buildApp } from '../../src/app.ts';
import { startChannels, type RunningChannels } from '../../src/channels/start-channels.ts';
import { sendSms } from '../../src/channels/sms/send-sms.ts';
import { GatewaySmsSender, identityAccessCodes } from '../../src/channels/sms/identity-bridge.ts';
import { hashingOf } from '../../src/core/identity/identity-deps.ts';
import { MemorySmsSender } from '../../src/core/identity/sms-sender.ts';
import { describeEachDatabase } from '../support/databases.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { demoDeps, testConfig } from '../support/factories.ts';

describeEachDatabase('handset simulator page over the built-in SMSC', (db) => {
  let app: App;
  let running: RunningChannels;
  let deps: CoreDeps;
  beforeAll(async () => {
    deps = await demoDeps(db());
    const config = testConfig();
    // Wired as server.ts wires it: identity's SMS leave through the SMS gateway (the built-in SMSC here).
    const identitySms = new GatewaySmsSender(deps, new MemorySmsSender());
    running = await startChannels(config, deps, { accessCodes: identityAccessCodes({ sms: identitySms, hashing: hashingOf(config) }) });
    identitySms.gateway = running.channels.sms;
    app = await buildApp(config, { storage: db(), profile: deps.profile, clock: deps.clock, sms: identitySms, channels: running.channels });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await running.stop();
  });

  it('is not there in production', async () => {
    const prod = await buildApp(testConfig({ NODE_ENV: 'production', KABINET_MODE: 'production', KABINET_SMS_PROVIDER: 'simulator' }), {
      storage: db(),
      profile: deps.profile,
      clock: deps.clock,
    });
    await prod.ready();
    expect((await prod.inject({ method: 'GET', url: '/dev/phone' })).statusCode).toBe(404);
    expect(
      (await prod.inject({ method: 'POST', url: '/dev/phone/sms', payload: { from: '+79160000001', to: '111', text: 'x' } })).statusCode,
    ).toBe(404);
    await prod.close();
  });

  it('serves the page outside production', async () => {
    const r = await app.inject({ method: 'GET', url: '/dev/phone' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Handset simulator');
    const n = await app.inject({ method: 'GET', url: '/dev/phone/numbers' });
    expect(n.json().numbers[0].number).toBe('+79160000001');
  });

  it('a text to 111 goes over SMPP and the reply lands in the inbox; notices sent with sendSms too', async () => {
    const r = await app.inject({ method: 'POST', url: '/dev/phone/sms', payload: { from: '+79160000001', to: '111', text: 'баланс' } });
    expect(r.json()).toEqual({ via: 'smpp' });
    await sendSms({ ...deps, sms: running.channels.sms! }, { to: '+79160000001', text: 'Your code: 123456', language: 'en' });
    let messages: { from: string; text: string }[] = [];
    for (let i = 0; i < 50 && messages.length < 2; i++) {
      await new Promise((res) => setTimeout(res, 20));
      messages = (await app.inject({ method: 'GET', url: '/dev/phone/inbox?number=%2B79160000001' })).json().messages;
    }
    expect(messages.map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^Ваш баланс/), 'Your code: 123456']));
    expect(messages.find((m) => m.text.startsWith('Ваш'))?.from).toBe('111');
  });

  it('S3.3 on the handset: an empty SMS to 6262 brings a 6-digit access code into the inbox', async () => {
    const r = await app.inject({ method: 'POST', url: '/dev/phone/sms', payload: { from: '+79160000001', to: '6262', text: '' } });
    expect(r.statusCode).toBe(200);
    let messages: { text: string }[] = [];
    for (let i = 0; i < 100 && !messages.some((m) => /\d{6}/.test(m.text) && m.text.includes('Электронн')); i++) {
      await new Promise((res) => setTimeout(res, 20));
      messages = (await app.inject({ method: 'GET', url: '/dev/phone/inbox?number=%2B79160000001' })).json().messages;
    }
    expect(messages.some((m) => /\d{6}/.test(m.text) && m.text.includes('Электронн'))).toBe(true);
  });
});
