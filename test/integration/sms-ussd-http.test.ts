import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { allTableCounts } from '../support/channel-counts.ts';
import { MemorySmsSender } from '../../src/core/identity/sms-sender.ts';
import { demoApp } from '../support/factories.ts';

describeEachDatabase('SMS commands over Kannel get-url and USSD over HTTP (mts-ru)', (db) => {
  let app: App;
  let clock: { set(iso: string): void };
  const outbox = new MemorySmsSender();
  beforeAll(async () => {
    const built = await demoApp(db(), 'mts-ru', {}, { sms: outbox });
    app = built.app;
    clock = built.deps.clock as unknown as { set(iso: string): void };
  });
  afterAll(async () => {
    await app.close();
  });

  const mo = async (from: string, to: string, text: string, extra = '') => {
    const r = await app.inject({
      method: 'GET',
      url: `/sms/kannel?from=${encodeURIComponent(from)}&to=${to}&text=${encodeURIComponent(text)}&charset=UTF-8${extra}`,
    });
    return { status: r.statusCode, body: r.body, headers: r.headers };
  };
  const at = async (sessionId: string, phoneNumber: string, serviceCode: string, text: string) => {
    const r = await app.inject({
      method: 'POST',
      url: '/ussd/at',
      payload: new URLSearchParams({ sessionId, phoneNumber, serviceCode, networkCode: '25001', text }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: r.statusCode, body: r.body };
  };

  it('S3.2: "2163" to 111 turns the Electronic Assistant on, in Russian', async () => {
    const r = await mo('+79160000004', '111', '2163');
    expect(r.status).toBe(200);
    expect(r.body).toContain('Электронный помощник');
    expect(r.body).toContain('подключена');
    const again = await mo('+79160000004', '111', '2163');
    expect(again.body).toBe('Эта услуга уже подключена.');
  });

  it('refuses the Electronic Assistant on a corporate line (S3.6) politely', async () => {
    const r = await mo('+79160000002', '111', '2163');
    expect(r.body).toContain('недоступно');
  });

  it('answers balance, off by code, and help for anything else', async () => {
    expect((await mo('+79160000001', '111', 'баланс')).body).toMatch(/^Ваш баланс: 500,00/);
    expect((await mo('+79160000004', '111', '2163 ОТКЛ')).body).toContain('отключена');
    const unknown = await mo('+79160000001', '111', 'hello there');
    expect(unknown.body).toContain('Команда не распознана');
    expect(unknown.body).toContain('2163');
  });

  it('S3.3: an empty SMS to 6262 sends an access code by SMS (stored only hashed); corporate and VIP lines are refused (S3.6)', async () => {
    const r = await mo('+79160000001', '6262', '');
    expect(r.body).toBe('');
    const sent = outbox.last('+79160000001');
    expect(sent?.text).toMatch(/\d{6}/);
    const code = /(\d{6})/.exec(sent!.text)![1]!;
    const stored = await db().db.selectFrom('access_codes').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(code);
    const corporate = await mo('+79160000002', '6262', '');
    expect(corporate.body).toContain('недоступно');
    expect(outbox.last('+79160000002')).toBeUndefined();
  });

  it('decodes UCS-2 text sent by Kannel in UTF-16BE', async () => {
    const raw = [...Buffer.from('БАЛАНС', 'utf16le').swap16()].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const r = await app.inject({ method: 'GET', url: `/sms/kannel?from=%2B79160000001&to=111&text=${raw}&coding=2&charset=UTF-16BE` });
    expect(r.body).toMatch(/^Ваш баланс/);
  });

  it('bad SMS input gets a polite reply or a clear error, and writes nothing', async () => {
    const before = await allTableCounts(db());
    expect((await mo('not-a-number', '111', '2163')).body).toContain('неверный номер');
    expect((await mo('+79160000001', '9999', '2163')).body).toContain('Команда не распознана');
    expect((await mo('+79160000001', '111', 'x'.repeat(1500))).body).toContain('SMS на 111');
    expect((await mo('+79160000001', '111', 'a\u0001b')).body).toContain('SMS на 111');
    expect((await mo('+79169999999', '111', '2163')).body).toContain('не найден');
    expect((await mo('+79160000001', '111', 'x'.repeat(3000))).status).toBe(400);
    const noFrom = await app.inject({ method: 'GET', url: '/sms/kannel?to=111&text=2163' });
    expect(noFrom.statusCode).toBe(400);
    expect(await allTableCounts(db())).toEqual(before);
  });

  it('USSD one-step strings: *100# balance and *111*2163# activation, at once', async () => {
    expect((await at('s1', '+79160000001', '*100#', '')).body).toMatch(/^END Ваш баланс: 500,00/);
    const r = await at('s2', '+79160000004', '*111*2163#', '');
    expect(r.body).toMatch(/^END /);
    expect(r.body).toMatch(/уже подключена|подключена/);
    // Africa's Talking may send the extension in `text` on the first request.
    expect((await at('s3', '+79160000002', '*111#', '2163')).body).toMatch(/^END .*недоступно/);
  });

  it('USSD menu: three levels, back and main keys, pagination under 80 UCS-2 characters', async () => {
    const s = 'menu-1';
    const main = await at(s, '+79160000001', '*111#', '');
    expect(main.body).toMatch(/^CON Мобильный помощник МТС\n1 Баланс/);
    const services = await at(s, '+79160000001', '*111#', '2');
    expect(services.body).toContain('1 Электронный помощник');
    for (const screen of [main.body, services.body]) expect(screen.slice(4).length).toBeLessThanOrEqual(80);
    const ea = await at(s, '+79160000001', '*111#', '2*1');
    expect(ea.body).toContain('1 Подключить');
    // A retransmission of the same step is answered again, not applied twice.
    expect((await at(s, '+79160000001', '*111#', '2*1')).body).toBe(ea.body);
    const back = await at(s, '+79160000001', '*111#', '2*1*0');
    expect(back.body).toContain('1 Электронный помощник');
    const home = await at(s, '+79160000001', '*111#', '2*1*0*00');
    expect(home.body).toMatch(/^CON Мобильный помощник МТС/);
    const invalid = await at(s, '+79160000001', '*111#', '2*1*0*00*7');
    expect(invalid.body).toMatch(/^CON Неверный выбор/);
    const done = await at(s, '+79160000001', '*111#', '2*1*0*00*7*1');
    expect(done.body).toMatch(/^END Ваш баланс/);
  });

  it('bad USSD input: random strings, unknown codes, a session id reused by another number; nothing written', async () => {
    await at('taken', '+79160000001', '*111#', '');
    const before = await allTableCounts(db());
    expect((await at('r1', '+79160000001', '*999*1#', '')).body).toMatch(/^END Неизвестный запрос/);
    expect((await at('r2', '+79160000001', 'hello', '')).body).toMatch(/^END Неизвестный запрос/);
    expect((await at('r3', 'abc', '*100#', '')).body).toMatch(/^END .*неверный номер/);
    expect((await at('r4', '+79169999999', '*111#', '')).body).toMatch(/^END .*не найден/);
    expect((await at('r5', '+79160000001', '*111#', '1*2*3')).body).toMatch(/^END Сеанс завершён/);
    const hijack = await at('taken', '+79160000003', '*111#', '1');
    expect(hijack.body).toMatch(/^END /);
    expect(hijack.body).not.toContain('Баланс');
    // A first message under a live session id of another number is refused too; the holder keeps it.
    expect((await at('taken', '+79160000003', '*111#', '')).body).toMatch(/^END /);
    expect((await at('taken', '+79160000001', '*111#', '2')).body).toContain('1 Электронный помощник');
    expect((await app.inject({ method: 'POST', url: '/ussd/at', payload: { sessionId: 'x' } })).statusCode).toBe(400);
    expect(await allTableCounts(db())).toEqual(before);
  });

  it('a gateway that reuses a session id for a new dialogue of the same number starts over at the main menu', async () => {
    await at('again', '+79160000001', '*111#', '');
    expect((await at('again', '+79160000001', '*111#', '2')).body).toContain('1 Электронный помощник');
    expect((await at('again', '+79160000001', '*111#', '')).body).toMatch(/^CON Мобильный помощник МТС\n1 Баланс/);
    expect((await at('again', '+79160000001', '*111#', '1')).body).toMatch(/^END Ваш баланс/);
  });

  it('a USSD session idle longer than the profile allows is over, and another app process sees the same sessions', async () => {
    clock.set('2026-11-21T11:00:00.000Z');
    await at('idle', '+79160000001', '*111#', '');
    clock.set('2026-11-21T11:00:30.000Z');
    expect((await at('idle', '+79160000001', '*111#', '2')).body).toContain('1 Электронный помощник');
    // A second app on the same database (another process in production) takes the next step.
    const { app: other } = await demoApp(db());
    const r = await other.inject({
      method: 'POST',
      url: '/ussd/at',
      payload: new URLSearchParams({ sessionId: 'idle', phoneNumber: '+79160000001', serviceCode: '*111#', text: '2*1' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.body).toContain('1 Подключить');
    await other.close();
    clock.set('2026-11-21T11:02:00.000Z');
    expect((await at('idle', '+79160000001', '*111#', '2*1*1')).body).toBe('END Сеанс завершён. Наберите *111# снова.');
    clock.set('2026-11-21T10:00:00.000Z');
  });

  it('USSD through Kannel meta-data answers with ussd_service_op in X-Kannel-Meta-Data', async () => {
    const meta = encodeURIComponent('?smpp?ussd_service_op=%01&its_session_info=%00%07&');
    const r = await mo('+79160000001', '111', '*111#', `&meta=${meta}`);
    expect(r.body).toMatch(/^Мобильный помощник МТС/);
    expect(r.headers['x-kannel-meta-data']).toBe('?smpp?ussd_service_op=%02&its_session_info=%00%07');
    const meta2 = encodeURIComponent('?smpp?ussd_service_op=%12&its_session_info=%00%07&');
    const r2 = await mo('+79160000001', '111', '1', `&meta=${meta2}`);
    expect(r2.body).toMatch(/^Ваш баланс/);
    expect(r2.headers['x-kannel-meta-data']).toBe('?smpp?ussd_service_op=%11&its_session_info=%00%07');
  });
});
