/**
 * USSD sessions with two app processes on one database: each app has its own storage (its own
 * connection or pool, its own process-local session cache), as two processes behind a gateway
 * that spreads the steps of one dialogue over both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { findLiveSession } from '../../src/channels/ussd/ussd-session.repository.ts';
import { openStorage, type Storage } from '../../src/db/connect.ts';
import { createTestDatabase, unavailable, type DatabaseKind } from '../support/databases.ts';
import { allTableCounts } from '../support/channel-counts.ts';
import { demoApp } from '../support/factories.ts';

for (const kind of ['sqlite', 'postgres'] as const satisfies readonly DatabaseKind[]) {
  const reason = unavailable(kind);
  if (reason) console.warn(`[skip] USSD sessions across processes [${kind}]: ${reason}`);
  (reason ? describe.skip : describe)(`USSD sessions across two app processes [${kind}]`, () => {
    let handle: Awaited<ReturnType<typeof createTestDatabase>>;
    let secondStorage: Storage;
    let a: App;
    let b: App;
    beforeAll(async () => {
      handle = await createTestDatabase(kind);
      secondStorage = openStorage(handle.target);
      a = (await demoApp(handle.storage)).app;
      b = (await demoApp(secondStorage)).app;
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await secondStorage.close();
      await handle.drop();
    });

    const at = async (app: App, sessionId: string, text: string) => {
      const r = await app.inject({
        method: 'POST',
        url: '/ussd/at',
        payload: new URLSearchParams({
          sessionId,
          phoneNumber: '+79160000001',
          serviceCode: '*111#',
          networkCode: '25001',
          text,
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      return r.body;
    };
    const stepsOf = async (sessionId: string) =>
      (await findLiveSession(handle.storage.db, `at:${sessionId}`, '1970-01-01T00:00:00.000Z'))?.steps;

    it('a dialogue goes back and forth between the processes and every step applies once', async () => {
      expect(await at(a, 'x1', '')).toMatch(/^CON Мобильный помощник МТС/);
      expect(await at(a, 'x1', '2')).toContain('1 Электронный помощник');
      // B has never seen the session: it reads the store.
      expect(await at(b, 'x1', '2*1')).toContain('1 Подключить');
      // A's own copy is one step behind: A must not answer from it.
      expect(await at(a, 'x1', '2*1*0')).toContain('1 Электронный помощник');
      expect(await at(b, 'x1', '2*1*0*00')).toMatch(/^CON Мобильный помощник МТС/);
      expect(Number(await stepsOf('x1'))).toBe(4);
    });

    it('a retransmission that reaches the other process after the dialogue moved on is answered, not applied', async () => {
      await at(a, 'x2', '');
      await at(a, 'x2', '2');
      expect(await at(b, 'x2', '2*1')).toContain('1 Подключить');
      const services = await at(b, 'x2', '2*1*0');
      expect(services).toContain('1 Электронный помощник');
      // Step 2 again at A, whose cached copy (step 1) looks exactly one step behind it: the version
      // check refuses A's write and the step is redone from the store, where it is old news.
      expect(await at(a, 'x2', '2*1')).toBe(services);
      expect(Number(await stepsOf('x2'))).toBe(3);
      expect(await at(a, 'x2', '2*1*0*00')).toMatch(/^CON Мобильный помощник МТС/);
      expect(Number(await stepsOf('x2'))).toBe(4);
    });

    it('an action never runs on a cached copy: a session the other process ended stays ended', async () => {
      await at(a, 'x3', '');
      await at(a, 'x3', '2');
      expect(await at(a, 'x3', '2*1')).toContain('1 Подключить');
      // B turns the Electronic Assistant on, which ends the dialogue; A's cached copy is now stale.
      expect(await at(b, 'x3', '2*1*1')).toMatch(/^END /);
      expect(await stepsOf('x3')).toBeUndefined();
      const before = await allTableCounts(handle.storage);
      expect(await at(a, 'x3', '2*1*1')).toMatch(/^END Сеанс завершён/);
      expect(await allTableCounts(handle.storage)).toEqual(before);
    });

    it('a session id held by another number is refused by the other process too, nothing written', async () => {
      await at(a, 'x4', '');
      const before = await stepsOf('x4');
      const r = await b.inject({
        method: 'POST',
        url: '/ussd/at',
        payload: new URLSearchParams({ sessionId: 'x4', phoneNumber: '+79160000003', serviceCode: '*111#', text: '1' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(r.body).toMatch(/^END /);
      expect(r.body).not.toContain('Баланс');
      expect(await stepsOf('x4')).toBe(before);
    });
  });
}
