/** Identity over HTTP: cookies and CSRF, bearer tokens, revocation, policies on the line endpoints, demo and production modes. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { MemorySmsSender } from '../../src/core/identity/sms-sender.ts';
import { requireLine } from '../../src/core/subscribers/require-line.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoApp, fixedClock, tableCounts, testConfig } from '../support/factories.ts';
import { FAST_HASHING, identityDeps, staff, staffPassword } from '../support/identity.ts';

const A = '+79160000001';
const B = '+79160000004';
const FAST = { KABINET_SCRYPT_COST: String(FAST_HASHING.cost) };

type Res = Awaited<ReturnType<App['inject']>>;
const json = (res: Res) => res.json<Record<string, unknown>>();

async function outboxCode(app: App, number: string): Promise<string> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/dev/outbox?number=${encodeURIComponent(number)}` });
  const text = (res.json<{ messages: { text: string }[] }>().messages[0]?.text ?? '').match(/\b(\d{6})\b/)?.[1];
  if (!text) throw new Error(`no code for ${number}`);
  return text;
}

describeEachDatabase('identity over HTTP, demo mode (mts-ru)', (db) => {
  let app: App;
  let clock: ReturnType<typeof fixedClock>;
  beforeAll(async () => {
    const built = await demoApp(db(), 'mts-ru', FAST);
    app = built.app;
    clock = built.deps.clock as ReturnType<typeof fixedClock>;
  });
  afterAll(async () => app.close());

  it('registers a browser with an SMS code; cookies are HttpOnly, Secure, SameSite=Strict; CSRF guards writes', async () => {
    const sent = await app.inject({ method: 'POST', url: '/api/v1/auth/codes', payload: { number: A, purpose: 'register' } });
    expect(sent.statusCode).toBe(202);
    const code = await outboxCode(app, A);
    const reg = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { number: A, code, password: 'correct horse 1' },
    });
    expect(reg.statusCode).toBe(201);
    const body = json(reg);
    expect(body.token).toBeUndefined();
    const session = reg.cookies.find((c) => c.name === 'kabinet_session')!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const csrf = reg.cookies.find((c) => c.name === 'kabinet_csrf')!;
    expect(csrf.httpOnly).toBeFalsy();
    expect(csrf.value).toBe(body.csrfToken);
    const cookies = { kabinet_session: session.value };

    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies });
    expect(json(me)).toMatchObject({ role: 'subscriber', id: A, number: A });
    // A session in demo mode is held to the policy: A may not read B.
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${B}`, cookies })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, cookies })).statusCode).toBe(200);
    // Anonymous demo reads and writes stay open.
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${B}` })).statusCode).toBe(200);

    const write = { method: 'POST' as const, url: `/api/v1/lines/${A}/services`, payload: { serviceId: 'goodok' }, cookies };
    const noCsrf = await app.inject(write);
    expect(noCsrf.statusCode).toBe(403);
    expect(json(noCsrf).code).toBe('csrf_failed');
    const wrongOrigin = await app.inject({ ...write, headers: { 'x-csrf-token': String(body.csrfToken), origin: 'https://evil.example' } });
    expect(json(wrongOrigin).code).toBe('csrf_failed');
    const ok = await app.inject({ ...write, headers: { 'x-csrf-token': String(body.csrfToken) } });
    expect(ok.statusCode).toBe(201);
    const other = await app.inject({ ...write, url: `/api/v1/lines/${B}/services`, headers: { 'x-csrf-token': String(body.csrfToken) } });
    expect(other.statusCode).toBe(403);
    const history = await app.inject({ method: 'GET', url: `/api/v1/lines/${A}/history`, cookies });
    const audit = history.json<{ audit: { action: string; actorType: string; actorId: string; channel: string }[] }>().audit;
    expect(audit.find((a) => a.action === 'service.activate')).toMatchObject({ actorType: 'subscriber', actorId: A, channel: 'web' });
  });

  it('gives API clients a bearer token; logging out everywhere stops every session at once', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { number: A, password: 'correct horse 1', client: 'api' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.cookies).toHaveLength(0);
    const token = String(json(login).token);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { number: A, password: 'correct horse 1', client: 'api' },
    });
    const otherToken = String(json(other).token);
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: bearer(token) })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token), payload: { everywhere: true } });
    expect(json(out).revoked).toBeGreaterThanOrEqual(2);
    for (const t of [token, otherToken]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: bearer(t) });
      expect(res.statusCode).toBe(401);
      expect(json(res).code).toBe('unauthenticated');
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer('x'.repeat(43)) })).statusCode).toBe(401);
  });

  it('says when a login lockout ends, in the problem body and Retry-After, in the asked language', async () => {
    clock.set('2026-11-21T18:00:00.000Z');
    let res: Res | undefined;
    for (let i = 0; i < 6; i++) {
      res = await app.inject({ method: 'POST', url: '/api/v1/auth/login?lang=en', payload: { number: A, password: `nope-${i}-nope` } });
    }
    expect(res!.statusCode).toBe(429);
    expect(json(res!)).toMatchObject({ code: 'login_locked', retryAfter: 900 });
    expect(res!.headers['retry-after']).toBe('900');
    expect(String(json(res!).detail)).toContain('15 min (until 2026-11-21 18:15 UTC)');
    const ru = await app.inject({ method: 'POST', url: '/api/v1/auth/login?lang=ru', payload: { number: A, password: 'x' } });
    expect(String(json(ru).detail)).toContain('Вход заблокирован на 15 мин');
    clock.set('2026-11-21T10:00:00.000Z');
  });

  it('answers unknown numbers with the same body as known ones, in about the same time', async () => {
    const same = async (payloadFor: (n: string) => object, url: string) => {
      const known = await app.inject({ method: 'POST', url, payload: payloadFor(A) });
      const unknown = await app.inject({ method: 'POST', url, payload: payloadFor('+79169999999') });
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
    };
    clock.set('2026-11-21T20:00:00.000Z');
    await same((number) => ({ number, purpose: 'login' }), '/api/v1/auth/codes');
    await same((number) => ({ number, password: 'not the password' }), '/api/v1/auth/login');
    await same((number) => ({ number, code: '000000' }), '/api/v1/auth/login/code');
    clock.set('2026-11-21T10:00:00.000Z');
  });
});

describeEachDatabase('identity over HTTP, production mode (mts-ru)', (db) => {
  let app: App;
  let sms: MemorySmsSender;
  beforeAll(async () => {
    const deps = await identityDeps(db(), 'mts-ru');
    sms = deps.sms;
    await staff(deps, 'agent-kim', 'agent');
    await staff(deps, 'sup-lee', 'supervisor');
    await staff(deps, 'root-admin', 'operator-admin');
    await staff(deps, 'corp-admin', 'corporate-admin', (await requireLine(deps, '+79160000002')).customer_id);
    app = await buildApp(testConfig({ KABINET_MODE: 'production', ...FAST }), {
      storage: db(),
      profile: deps.profile,
      clock: deps.clock,
      sms,
    });
    await app.ready();
  });
  afterAll(async () => app.close());

  const login = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload: { ...payload, client: 'api' } });
    expect(res.statusCode).toBe(200);
    return { authorization: `Bearer ${String(json(res).token)}` };
  };

  it('refuses anonymous reads and writes and has no outbox', async () => {
    expect(json(await app.inject({ method: 'GET', url: `/api/v1/lines/${A}` })).code).toBe('unauthenticated');
    expect(json(await app.inject({ method: 'POST', url: `/api/v1/lines/${A}/services`, payload: { serviceId: 'bit' } })).code).toBe(
      'demo_only',
    );
    expect((await app.inject({ method: 'GET', url: `/api/v1/dev/outbox?number=${A}` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/catalog' })).statusCode).not.toBe(401);
  });

  it('lets subscriber A read A but not B', async () => {
    await app.inject({ method: 'POST', url: '/api/v1/auth/codes', payload: { number: A, purpose: 'login' } });
    const code = /\b(\d{6})\b/.exec(sms.last(A)!.text)![1]!;
    const headers = await login('/api/v1/auth/login/code', { number: A, code });
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers })).statusCode).toBe(200);
    const res = await app.inject({ method: 'GET', url: `/api/v1/lines/${B}`, headers });
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('forbidden');
    expect((await app.inject({ method: 'GET', url: `/api/v1/audit`, headers })).statusCode).toBe(403);
  });

  it('keeps a corporate admin to the company lines', async () => {
    const headers = await login('/api/v1/auth/staff/login', { login: 'corp-admin', password: staffPassword('corp-admin') });
    expect((await app.inject({ method: 'GET', url: '/api/v1/lines/+79160000002', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers })).statusCode).toBe(403);
    const change = await app.inject({ method: 'POST', url: `/api/v1/lines/${A}/services`, headers, payload: { serviceId: 'bit' } });
    expect(change.statusCode).toBe(403);
  });

  it('lets an agent act only inside an open interaction, audited with its id; supervisors read the audit', async () => {
    const headers = await login('/api/v1/auth/staff/login', { login: 'agent-kim', password: staffPassword('agent-kim') });
    const refused = await app.inject({ method: 'POST', url: `/api/v1/lines/${A}/services`, headers, payload: { serviceId: 'goodok' } });
    expect(json(refused).code).toBe('interaction_required');
    const opened = await app.inject({ method: 'POST', url: '/api/v1/interactions', headers, payload: { number: A } });
    expect(opened.statusCode).toBe(201);
    const id = Number(json(opened).id);
    const done = await app.inject({ method: 'POST', url: `/api/v1/lines/${A}/services`, headers, payload: { serviceId: 'goodok' } });
    expect(done.statusCode).toBe(201);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/interactions/${id}`, headers })).statusCode).toBe(200);
    const after = await app.inject({ method: 'DELETE', url: `/api/v1/lines/${A}/services/goodok`, headers });
    expect(json(after).code).toBe('interaction_required');

    const sup = await login('/api/v1/auth/staff/login', { login: 'sup-lee', password: staffPassword('sup-lee') });
    const audit = await app.inject({ method: 'GET', url: `/api/v1/audit?number=${encodeURIComponent(A)}&action=service.`, headers: sup });
    expect(audit.statusCode).toBe(200);
    const entries = audit.json<{
      entries: { actorType: string; actorId: string; channel: string; interactionId: string | null; after: unknown }[];
    }>().entries;
    expect(entries[0]).toMatchObject({ actorType: 'agent', actorId: 'agent-kim', channel: 'agent', interactionId: String(id) });
  });

  it('answers gateway callbacks (Kannel get-url, USSD) only for a registered gateway of that channel', async () => {
    const admin = await login('/api/v1/auth/staff/login', { login: 'root-admin', password: staffPassword('root-admin') });
    const kannel = await app.inject({
      method: 'POST',
      url: '/api/v1/gateways',
      headers: admin,
      payload: { name: 'kannel-main', kind: 'sms', allowedIps: ['127.0.0.1'] },
    });
    expect(kannel.statusCode).toBe(201);
    const auth = { authorization: `Basic ${Buffer.from(`kannel-main:${String(json(kannel).secret)}`).toString('base64')}` };
    const mo = `/sms/kannel?from=${encodeURIComponent(A)}&to=111&text=balance`;
    const before = await tableCounts(db());
    expect(json(await app.inject({ method: 'GET', url: mo })).code).toBe('unauthenticated');
    expect(json(await app.inject({ method: 'GET', url: '/sms/kannel/dlr?id=1&status=1' })).code).toBe('unauthenticated');
    const ussd = { method: 'POST' as const, url: '/ussd/at', payload: { sessionId: 's1', serviceCode: '*100#', phoneNumber: A, text: '' } };
    expect(json(await app.inject(ussd)).code).toBe('unauthenticated');
    // An SMS gateway is not a USSD gateway; a wrong secret is nobody.
    expect(json(await app.inject({ ...ussd, headers: auth })).code).toBe('forbidden');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: mo,
          headers: { authorization: `Basic ${Buffer.from('kannel-main:nope').toString('base64')}` },
        })
      ).statusCode,
    ).toBe(401);
    expect(await tableCounts(db())).toEqual(before);
    const answered = await app.inject({ method: 'GET', url: mo, headers: auth });
    expect(answered.statusCode).toBe(200);
    expect(answered.body.length).toBeGreaterThan(0);
  });

  it('lets gateways in with a secret from an allowed address only', async () => {
    const admin = await login('/api/v1/auth/staff/login', { login: 'root-admin', password: staffPassword('root-admin') });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/gateways',
      headers: admin,
      payload: { name: 'ussd-gw', kind: 'ussd', allowedIps: ['127.0.0.1'] },
    });
    expect(created.statusCode).toBe(201);
    const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`ussd-gw:${secret}`).toString('base64')}` });
    const secret = String(json(created).secret);
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: basic(secret) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: basic('wrong') })).statusCode).toBe(401);
    // Access codes go through gateways only, outside demo mode.
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/access-code', payload: { number: A } })).statusCode).toBe(401);
    const ordered = await app.inject({ method: 'POST', url: '/api/v1/auth/access-code', payload: { number: A }, headers: basic(secret) });
    expect(ordered.statusCode).toBe(202);
    const accessCode = /\b(\d{6})\b/.exec(sms.last(A)!.text)![1]!;
    const terminal = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/access-code/login',
      payload: { number: A, code: accessCode, client: 'api' },
      headers: basic(secret),
    });
    expect(terminal.json()).toMatchObject({ principal: { role: 'terminal', channel: 'terminal', number: A } });
    const far = await app.inject({ method: 'GET', url: `/api/v1/lines/${A}`, headers: basic(secret), remoteAddress: '10.9.9.9' });
    expect(far.statusCode).toBe(403);
  });
});
