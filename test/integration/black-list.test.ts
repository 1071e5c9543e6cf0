/** The black list (S4.4) on both databases: E.164, service on, own number, duplicates, limit, audit, REST. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addBlockedNumber } from '../../src/core/black-list/add-blocked-number.ts';
import { MAX_BLOCKED_NUMBERS } from '../../src/core/black-list/black-list-rules.ts';
import { getBlackList } from '../../src/core/black-list/get-black-list.ts';
import { removeBlockedNumber } from '../../src/core/black-list/remove-blocked-number.ts';
import { activateService } from '../../src/core/catalog/activate-service.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { codeOf, errorOf } from '../support/identity.ts';
import { demoActor, demoApp, demoDeps, tableCounts } from '../support/factories.ts';

const WITH = '+79520000001'; // black-list on, two numbers blocked
const WITHOUT = '+79520000002'; // no black-list service

async function auditActions(deps: CoreDeps, number: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', number).orderBy('id').execute();
  return rows.map((r) => r.action).filter((a) => a.startsWith('black-list.'));
}

describeEachDatabase('black list use cases (tele2-ru)', (db) => {
  let deps: CoreDeps;
  beforeAll(async () => {
    deps = await demoDeps(db(), 'tele2-ru');
  });

  it('reads the demo list with the service state and the limit', async () => {
    const list = await getBlackList(deps, { number: '8 952 000-00-01', language: 'en' });
    expect(list).toMatchObject({
      number: WITH,
      serviceActive: true,
      max: MAX_BLOCKED_NUMBERS,
      service: { id: 'black-list', name: 'Black list' },
    });
    expect(list.numbers.map((n) => n.number).sort()).toEqual(['+78123334455', '+79215551234']);
    expect((await getBlackList(deps, { number: WITHOUT, language: 'en' })).serviceActive).toBe(false);
  });

  it('adds a number typed in national format as E.164, once, with one audit record', async () => {
    const added = await addBlockedNumber(deps, { number: WITH, blocked: '8 (921) 555-12-35', language: 'ru' }, demoActor);
    expect(added.changed).toBe(true);
    expect(added.blocked).toBe('+79215551235');
    expect(added.numbers.map((n) => n.number)).toContain('+79215551235');
    const again = await addBlockedNumber(deps, { number: WITH, blocked: '+7 921 555 12 35', language: 'ru' }, demoActor);
    expect(again.changed).toBe(false);
    expect(again.numbers.filter((n) => n.number === '+79215551235')).toHaveLength(1);
    expect(await auditActions(deps, WITH)).toEqual(['black-list.add']);
  });

  it('refuses bad numbers, the own number and lines without the service, writing nothing', async () => {
    const before = await tableCounts(db());
    expect(await codeOf(addBlockedNumber(deps, { number: WITH, blocked: 'abc', language: 'en' }, demoActor))).toBe('invalid_number');
    expect(await codeOf(addBlockedNumber(deps, { number: WITH, blocked: '+7921', language: 'en' }, demoActor))).toBe('invalid_number');
    expect(await codeOf(addBlockedNumber(deps, { number: WITH, blocked: '89520000001', language: 'en' }, demoActor))).toBe(
      'black_list_own_number',
    );
    const off = await errorOf(addBlockedNumber(deps, { number: WITHOUT, blocked: '+79215551234', language: 'fa' }, demoActor));
    expect(off.code).toBe('black_list_off');
    expect(off.params.service).toBe('لیست سیاه');
    expect(await codeOf(addBlockedNumber(deps, { number: '+79529999999', blocked: '+79215551234', language: 'en' }, demoActor))).toBe(
      'line_not_found',
    );
    expect(await tableCounts(db())).toEqual(before);
  });

  it('works once the service is turned on', async () => {
    await activateService(deps, { number: WITHOUT, serviceId: 'black-list', language: 'en' }, demoActor);
    const added = await addBlockedNumber(deps, { number: WITHOUT, blocked: '+79215550000', language: 'en' }, demoActor);
    expect(added).toMatchObject({ changed: true, serviceActive: true });
  });

  it('removes a number with an audit record; a number not on the list is refused', async () => {
    const removed = await removeBlockedNumber(deps, { number: WITH, blocked: '8 921 555-12-35', language: 'en' }, demoActor);
    expect(removed.changed).toBe(true);
    expect(removed.numbers.map((n) => n.number)).not.toContain('+79215551235');
    const missing = await errorOf(removeBlockedNumber(deps, { number: WITH, blocked: '+79215551235', language: 'en' }, demoActor));
    expect(missing.code).toBe('number_not_blocked');
    expect(missing.params.number).toBe('+79215551235');
    expect(await auditActions(deps, WITH)).toEqual(['black-list.add', 'black-list.remove']);
  });

  it(`holds at most ${MAX_BLOCKED_NUMBERS} numbers; the one over the limit is rolled back`, async () => {
    const start = (await getBlackList(deps, { number: WITH, language: 'en' })).numbers.length;
    for (let i = start; i < MAX_BLOCKED_NUMBERS; i++) {
      await addBlockedNumber(deps, { number: WITH, blocked: `+7921600${String(i).padStart(4, '0')}`, language: 'en' }, demoActor);
    }
    expect((await getBlackList(deps, { number: WITH, language: 'en' })).numbers).toHaveLength(MAX_BLOCKED_NUMBERS);
    const full = await errorOf(addBlockedNumber(deps, { number: WITH, blocked: '+79217779999', language: 'en' }, demoActor));
    expect(full.code).toBe('black_list_full');
    expect(full.params.max).toBe(MAX_BLOCKED_NUMBERS);
    const after = await getBlackList(deps, { number: WITH, language: 'en' });
    expect(after.numbers).toHaveLength(MAX_BLOCKED_NUMBERS);
    expect(after.numbers.map((n) => n.number)).not.toContain('+79217779999');
    // A number already on a full list is still an idempotent success.
    expect((await addBlockedNumber(deps, { number: WITH, blocked: '+79215551234', language: 'en' }, demoActor)).changed).toBe(false);
  });
});

describeEachDatabase('black list REST (tele2-ru)', (db) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = await demoApp(db(), 'tele2-ru'));
  });
  afterAll(async () => {
    await app.close();
  });
  const url = (number: string, rest = '') => `/api/v1/lines/${encodeURIComponent(number)}/black-list${rest}`;

  it('GET, POST (201, then 200), DELETE, in the request language', async () => {
    const list = await app.inject({ url: url(WITH), headers: { 'accept-language': 'ru' } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ serviceActive: true, service: { name: 'Чёрный список' } });
    const add = () => app.inject({ method: 'POST', url: url(WITH), payload: { number: '+7 921 444-55-66' } });
    const first = await add();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ changed: true, blocked: '+79214445566' });
    expect((await add()).statusCode).toBe(200);
    const removed = await app.inject({ method: 'DELETE', url: url(WITH, `/${encodeURIComponent('+79214445566')}`) });
    expect(removed.statusCode).toBe(200);
    expect(removed.json<{ numbers: { number: string }[] }>().numbers.map((n) => n.number)).not.toContain('+79214445566');
    const gone = await app.inject({ method: 'DELETE', url: url(WITH, `/${encodeURIComponent('+79214445566')}`) });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'number_not_blocked' });
  });

  it('tells the web app how many digits the currency has (amounts are in minor units)', async () => {
    expect((await app.inject('/api/v1/operator')).json()).toMatchObject({ currency: 'RUB', minorUnits: 2 });
  });

  it('answers refusals as problem+json with the user text', async () => {
    const bad = await app.inject({ method: 'POST', url: url(WITH), payload: { number: '12ab' }, headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_number', detail: '"12ab" is not a valid phone number.' });
    const own = await app.inject({ method: 'POST', url: url(WITH), payload: { number: WITH } });
    expect(own.statusCode).toBe(422);
    expect(own.json()).toMatchObject({ code: 'black_list_own_number' });
    const off = await app.inject({
      method: 'POST',
      url: url(WITHOUT),
      payload: { number: '+79214445566' },
      headers: { 'accept-language': 'en' },
    });
    expect(off.statusCode).toBe(409);
    expect(off.json()).toMatchObject({
      code: 'black_list_off',
      detail: 'Turn on the "Black list" service first: the black list works only while it is on.',
    });
    const extra = await app.inject({ method: 'POST', url: url(WITH), payload: { number: '+79214445566', more: 1 } });
    expect(extra.statusCode).toBe(400);
  });
});

describeEachDatabase('black list REST outside demo mode', (db) => {
  it('refuses anonymous writes and reads', async () => {
    const { app } = await demoApp(db(), 'tele2-ru', { KABINET_MODE: 'production' });
    try {
      const url = `/api/v1/lines/${encodeURIComponent(WITH)}/black-list`;
      expect((await app.inject({ method: 'POST', url, payload: { number: '+79214445566' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'DELETE', url: `${url}/%2B79215551234` })).statusCode).toBe(403);
      expect((await app.inject({ url })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describeEachDatabase('black list where the operator keeps none (mts-ru)', (db) => {
  it('says the feature is not available', async () => {
    const deps = await demoDeps(db(), 'mts-ru');
    expect(await codeOf(addBlockedNumber(deps, { number: '+79160000001', blocked: '+79215551234', language: 'en' }, demoActor))).toBe(
      'feature_not_available',
    );
    expect((await getBlackList(deps, { number: '+79160000001', language: 'en' })).service).toBeNull();
  });
});
