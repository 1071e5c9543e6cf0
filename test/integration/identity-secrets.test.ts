/**
 * No password, code or token is stored or logged in clear: flows run with a captured pino logger,
 * then the SQLite file (after a checkpoint) or a text dump of every PostgreSQL row, and the logs,
 * are searched for every secret used. Also: unknown numbers take about as long as known ones.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { createStaffUser } from '../../src/core/identity/create-staff-user.ts';
import { LoggingSmsSender, MemorySmsSender, type SmsSender } from '../../src/core/identity/sms-sender.ts';
import type { Language } from '../../src/profiles/schema.ts';
import { REDACT_PATHS } from '../../src/logger.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoDeps, fixedClock, testConfig } from '../support/factories.ts';
import { FAST_HASHING, SYSTEM } from '../support/identity.ts';

const A = '+79160000001';

/** True when `secret` occurs in `text`; an all-digit secret must not be part of a longer number. */
function contains(text: string, secret: string): boolean {
  if (!/^\d+$/.test(secret)) return text.includes(secret);
  return new RegExp(`(?<![0-9])${secret}(?![0-9])`).test(text);
}

describeEachDatabase('identity: no secret stored or logged in clear; no enumeration by timing', (db, kind) => {
  let app: App;
  let memory: MemorySmsSender;
  let clock: ReturnType<typeof fixedClock>;
  const logs: string[] = [];
  beforeAll(async () => {
    const deps = await demoDeps(db(), 'mts-ru');
    clock = fixedClock();
    const logger = pino(
      { level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: false },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    memory = new MemorySmsSender();
    const logging = new LoggingSmsSender(logger);
    const sms: SmsSender = {
      send: async (to: string, text: string, language: Language) => {
        await logging.send(to, text, language);
        await memory.send(to, text, language);
      },
    };
    app = await buildApp(testConfig({ KABINET_SCRYPT_COST: '4096', LOG_LEVEL: 'trace' }), {
      storage: db(),
      profile: deps.profile,
      clock,
      sms,
      logger,
    });
    await app.ready();
    await createStaffUser(
      { ...deps, clock, sms, hashing: FAST_HASHING },
      { login: 'root', name: 'Root', role: 'operator-admin', password: 'root-Secret-Pass-1' },
      SYSTEM,
    );
  });
  afterAll(async () => app.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers });
  const code = (number: string) => /\b(\d{4,8})\b/.exec(memory.last(number)!.text)![1]!;

  it('keeps every code, password, PIN and token out of the database and the logs', async () => {
    const secrets: string[] = [];
    await post('/api/v1/auth/codes', { number: A, purpose: 'register' });
    const c1 = code(A);
    const register = await post('/api/v1/auth/register', { number: A, code: c1, password: 'Tr0ub4dor&3-secret' });
    expect(register.statusCode).toBe(201);
    const t1 = register.cookies.find((c) => c.name === 'kabinet_session')!.value;
    const k1 = register.json<{ csrfToken: string }>().csrfToken;
    await post('/api/v1/auth/codes', { number: A, purpose: 'login' });
    const c2 = code(A);
    const t2 = (await post('/api/v1/auth/login/code', { number: A, code: c2, client: 'api' })).json<{ token: string }>().token;
    const t3 = (await post('/api/v1/auth/login', { number: A, password: 'Tr0ub4dor&3-secret', client: 'api' })).json<{ token: string }>()
      .token;
    expect((await post('/api/v1/auth/login', { number: A, password: 'wrong-guess-Kx9!' })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/access-code', { number: A })).statusCode).toBe(202);
    const ac = code(A);
    const t4 = (await post('/api/v1/auth/access-code/login', { number: A, code: ac, client: 'api' })).json<{ token: string }>().token;
    const t5 = (await post('/api/v1/auth/staff/login', { login: 'root', password: 'root-Secret-Pass-1', client: 'api' })).json<{
      token: string;
    }>().token;
    const gateway = await post(
      '/api/v1/gateways',
      { name: 'sms-gw', kind: 'sms', allowedIps: ['127.0.0.1'] },
      { authorization: `Bearer ${t5}` },
    );
    const g = gateway.json<{ secret: string }>().secret;
    const basic = `Basic ${Buffer.from(`sms-gw:${g}`).toString('base64')}`;
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: { authorization: basic } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: { authorization: `Bearer ${t2}` } })).statusCode).toBe(
      200,
    );
    const csrfWrite = await app.inject({
      method: 'POST',
      url: `/api/v1/lines/${A}/services`,
      payload: { serviceId: 'goodok' },
      cookies: { kabinet_session: t1 },
      headers: { 'x-csrf-token': k1 },
    });
    expect(csrfWrite.statusCode).toBe(201);
    secrets.push(c1, c2, ac, 'Tr0ub4dor&3-secret', 'wrong-guess-Kx9!', 'root-Secret-Pass-1', t1, k1, t2, t3, t4, t5, g);

    let stored: string;
    if (kind === 'sqlite') {
      const sqlite = db().sqlite!;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      stored = fs.readFileSync(sqlite.name).toString('latin1');
      if (fs.existsSync(`${sqlite.name}-wal`)) stored += fs.readFileSync(`${sqlite.name}-wal`).toString('latin1');
    } else {
      const tables = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(db().db);
      const dumps: string[] = [];
      for (const { table_name } of tables.rows) {
        const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(db().db);
        dumps.push(...rows.rows.map((r) => r.row));
      }
      stored = dumps.join('\n');
    }
    const logText = logs.join('');
    // The searches can find things: the number is stored and the requests were logged.
    expect(stored).toContain(A);
    expect(logText).toContain('/api/v1/auth/login');
    expect(logText).toContain('sms sent (text not logged)');
    for (const secret of secrets) {
      expect(contains(stored, secret), `secret ${secret.slice(0, 3)}… in the database`).toBe(false);
      expect(contains(logText, secret), `secret ${secret.slice(0, 3)}… in the logs`).toBe(false);
    }
  });

  it('answers a wrong password for an unknown number in about the time it takes for a known one', async () => {
    const timings = { known: [] as number[], unknown: [] as number[] };
    const time = async (number: string) => {
      const start = process.hrtime.bigint();
      const res = await post('/api/v1/auth/login', { number, password: 'definitely-wrong-1' });
      expect(res.statusCode).toBe(401);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    for (let round = 0; round < 24; round++) {
      // A new hour each round: the per-source cap on failures (50 an hour) stays out of the way.
      clock.set(new Date(Date.UTC(2026, 10, 22, round)).toISOString());
      const unknown = `+7916999${String(1000 + round)}`;
      const pair = round % 2 === 0 ? [A, unknown] : [unknown, A];
      for (const number of pair) timings[number === A ? 'known' : 'unknown'].push(await time(number));
      // A right password clears the known number's failures, so it never locks during the test.
      await post('/api/v1/auth/login', { number: A, password: 'Tr0ub4dor&3-secret' });
    }
    // The lower quartile: the machine's noise (other processes) only ever adds time.
    const quartile = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 4)]!;
    const known = quartile(timings.known.slice(2));
    const unknown = quartile(timings.unknown.slice(2));
    expect(Math.abs(known - unknown)).toBeLessThan(Math.max(3, 0.4 * Math.max(known, unknown)));
  });
});

describeEachDatabase('identity: contract password over HTTP, never stored or logged in clear (telekom-hu)', (db, kind) => {
  const N = '+36301234567';
  let app: App;
  const logs: string[] = [];
  beforeAll(async () => {
    const deps = await demoDeps(db(), 'telekom-hu');
    const logger = pino(
      { level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: false },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    app = await buildApp(testConfig({ KABINET_PROFILE: 'telekom-hu', KABINET_SCRYPT_COST: '16', LOG_LEVEL: 'trace' }), {
      storage: db(),
      profile: deps.profile,
      clock: deps.clock,
      logger,
    });
    await app.ready();
  });
  afterAll(async () => app.close());

  it('sets and checks the PIN, enforces password protection through X-Contract-Password, and keeps the PIN out of storage and logs', async () => {
    const pin = '58306';
    const put = await app.inject({ method: 'PUT', url: `/api/v1/lines/${N}/contract-password`, payload: { pin } });
    expect(put.statusCode).toBe(200);
    const verify = (p: string) => app.inject({ method: 'POST', url: `/api/v1/lines/${N}/contract-password/verify`, payload: { pin: p } });
    expect((await verify(pin)).statusCode).toBe(200);
    expect((await verify('13579')).json<{ code: string }>().code).toBe('contract_password_invalid');
    const protect = await app.inject({ method: 'PUT', url: `/api/v1/lines/${N}/password-protection`, payload: { enabled: true, pin } });
    expect(protect.json()).toEqual({ protection: true });
    const activate = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: `/api/v1/lines/${N}/services?lang=hu`, payload: { serviceId: 'net-1gb' }, headers });
    const required = await activate({});
    expect(required.statusCode).toBe(403);
    expect(required.json<{ code: string; detail: string }>()).toMatchObject({ code: 'contract_password_required' });
    expect((await activate({ 'x-contract-password': '24680' })).json<{ code: string }>().code).toBe('contract_password_invalid');
    expect((await activate({ 'x-contract-password': pin })).statusCode).toBe(201);

    // The voiceprint slot over HTTP (S1.2): enrol with samples, read, delete.
    const voice = `/api/v1/lines/${N}/voiceprint`;
    for (let i = 0; i < 3; i++) expect((await app.inject({ method: 'POST', url: `${voice}/samples` })).statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: voice })).json()).toMatchObject({ enrolled: true, samples: 3 });
    expect((await app.inject({ method: 'DELETE', url: voice })).json()).toMatchObject({ enrolled: false, samples: 0 });

    let stored: string;
    if (kind === 'sqlite') {
      const sqlite = db().sqlite!;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      stored = fs.readFileSync(sqlite.name).toString('latin1');
    } else {
      const tables = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(db().db);
      const dumps: string[] = [];
      for (const { table_name } of tables.rows) {
        const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table_name)} t`.execute(db().db);
        dumps.push(...rows.rows.map((r) => r.row));
      }
      stored = dumps.join('\n');
    }
    expect(stored).toContain(N);
    for (const secret of [pin, '13579', '24680']) {
      expect(contains(stored, secret), `PIN ${secret} in the database`).toBe(false);
      expect(contains(logs.join(''), secret), `PIN ${secret} in the logs`).toBe(false);
    }
  });
});
