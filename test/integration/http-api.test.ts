/** The REST API on both databases: answers, problem+json errors for every kind of bad input, no writes on refusal. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoApp, tableCounts } from '../support/factories.ts';

describeEachDatabase('HTTP API', (db) => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await demoApp(db(), 'mts-ru'));
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers health, readiness, metrics, OpenAPI and the docs page', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/ready')).json()).toMatchObject({ status: 'ready', profile: 'mts-ru' });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('kabinet_http_request_duration_seconds');
    const openapi = (await app.inject('/openapi.json')).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/lines/{number}', '/api/v1/lines/{number}/tariff', '/api/v1/lines/{number}/services']),
    );
    expect(openapi.paths['/api/v1/lines/{number}/tariff'].put.requestBody).toBeDefined();
    const docs = await app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('marks every response as demo mode', async () => {
    const res = await app.inject('/api/v1/operator');
    expect(res.headers['x-kabinet-demo']).toBe('true');
    expect(res.json()).toMatchObject({ id: 'mts-ru', mode: 'demo', currency: 'RUB' });
  });

  it('speaks the language asked for, else the profile default', async () => {
    const en = await app.inject({ url: '/api/v1/lines/+79160000009', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().detail).toBe('No subscriber line with number +79160000009.');
    const ru = await app.inject('/api/v1/lines/+79160000009');
    expect(ru.json().detail).toBe('Абонент с номером +79160000009 не найден.');
    const query = await app.inject('/api/v1/lines/+79160000009?lang=en');
    expect(query.json().detail).toContain('No subscriber line');
  });

  it('changes a tariff and a service through the API, leaving an audit trail', async () => {
    const offers = (await app.inject('/api/v1/lines/%2B79160000001/offers?lang=en')).json();
    const target = offers.tariffs.find((t: { current: boolean }) => !t.current);
    const quote = await app.inject({ method: 'POST', url: '/api/v1/lines/%2B79160000001/tariff/quote', payload: { tariffId: target.id } });
    expect(quote.statusCode).toBe(200);
    const change = await app.inject({ method: 'PUT', url: '/api/v1/lines/%2B79160000001/tariff', payload: { tariffId: target.id } });
    expect(change.statusCode).toBe(200);
    expect(change.json().to.id).toBe(target.id);
    const service = offers.services.find(
      (s: { active: boolean; activationFee: { minor: number } }) => !s.active && s.activationFee.minor === 0,
    );
    const on = await app.inject({ method: 'POST', url: '/api/v1/lines/%2B79160000001/services', payload: { serviceId: service.id } });
    expect(on.statusCode).toBe(201);
    const off = await app.inject({ method: 'DELETE', url: `/api/v1/lines/%2B79160000001/services/${service.id}` });
    expect(off.statusCode).toBe(200);
    const history = (await app.inject('/api/v1/lines/%2B79160000001/history')).json();
    expect(history.audit.map((a: { action: string }) => a.action)).toEqual(['service.deactivate', 'service.activate', 'tariff.change']);
  });

  const bad: {
    name: string;
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    url: string;
    payload?: unknown;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }[] = [
    { name: 'malformed number', method: 'GET', url: '/api/v1/lines/abc', status: 400, code: 'invalid_number' },
    { name: 'too short a number', method: 'GET', url: '/api/v1/lines/%2B7916', status: 400, code: 'invalid_number' },
    { name: 'unknown number', method: 'GET', url: '/api/v1/lines/%2B79169999999/offers', status: 404, code: 'line_not_found' },
    {
      name: 'unknown tariff',
      method: 'PUT',
      url: '/api/v1/lines/%2B79160000001/tariff',
      payload: { tariffId: 'nope' },
      status: 404,
      code: 'tariff_not_found',
    },
    {
      name: 'tariff id of wrong type',
      method: 'PUT',
      url: '/api/v1/lines/%2B79160000001/tariff',
      payload: { tariffId: 42 },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'missing tariff id',
      method: 'POST',
      url: '/api/v1/lines/%2B79160000001/tariff/quote',
      payload: {},
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'unknown field',
      method: 'PUT',
      url: '/api/v1/lines/%2B79160000001/tariff',
      payload: { tariffId: 'smart', price: 0 },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'body that is not JSON',
      method: 'POST',
      url: '/api/v1/lines/%2B79160000001/services',
      payload: '{"serviceId":',
      headers: { 'content-type': 'application/json' },
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'body of another media type',
      method: 'POST',
      url: '/api/v1/lines/%2B79160000001/services',
      payload: '<x/>',
      headers: { 'content-type': 'application/xml' },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'oversized body',
      method: 'POST',
      url: '/api/v1/lines/%2B79160000001/services',
      payload: { serviceId: 'x'.repeat(2_000_000) },
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'unknown service',
      method: 'POST',
      url: '/api/v1/lines/%2B79160000001/services',
      payload: { serviceId: 'no-such-service' },
      status: 404,
      code: 'service_not_found',
    },
    {
      name: 'service id with bad characters',
      method: 'DELETE',
      url: '/api/v1/lines/%2B79160000001/services/DROP%20TABLE',
      status: 400,
      code: 'invalid_input',
    },
    {
      name: 'service not eligible (S3.6)',
      method: 'POST',
      url: '/api/v1/lines/%2B79160000002/services',
      payload: { serviceId: 'electronic-assistant' },
      status: 422,
      code: 'not_eligible',
    },
    { name: 'unknown language', method: 'GET', url: '/api/v1/lines/%2B79160000001?lang=xx', status: 400, code: 'invalid_input' },
    { name: 'unknown route', method: 'GET', url: '/api/v1/nothing-here', status: 404, code: 'not_found' },
  ];

  for (const c of bad) {
    it(`answers ${c.name} with ${c.status} ${c.code} and writes nothing`, async () => {
      const before = await tableCounts(db());
      const res = await app.inject({ method: c.method, url: c.url, payload: c.payload as string, headers: c.headers });
      expect(res.statusCode).toBe(c.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body).toMatchObject({ status: c.status, code: c.code });
      expect(body.detail.length).toBeGreaterThan(5);
      expect(await tableCounts(db())).toEqual(before);
    });
  }
});

describeEachDatabase('HTTP API outside demo mode', (db) => {
  let app: App;
  beforeAll(async () => {
    ({ app } = await demoApp(db(), 'tele2-ru', { KABINET_MODE: 'production' }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses writes until identity exists, and does not claim to be a demo', async () => {
    const before = await tableCounts(db());
    const res = await app.inject({ method: 'PUT', url: '/api/v1/lines/%2B79520000001/tariff', payload: { tariffId: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('demo_only');
    expect(res.headers['x-kabinet-demo']).toBeUndefined();
    expect(await tableCounts(db())).toEqual(before);
  });

  it('shows no line data, spend, details, balances or operator accounts to an anonymous caller', async () => {
    const line = '/api/v1/lines/%2B79520000001';
    const reads = [
      line,
      `${line}/offers`,
      `${line}/tariff-advice`,
      `${line}/history`,
      `${line}/black-list`,
      `${line}/promised-payment`,
      `${line}/spend`,
      `${line}/details?from=2026-11-01&to=2026-11-20`,
      `${line}/details.csv?from=2026-11-01&to=2026-11-20`,
      `${line}/details.pdf?from=2026-11-01&to=2026-11-20`,
      `${line}/balances`,
      `${line}/balances/main/history`,
      `${line}/payments`,
      '/api/v1/ledger/accounts/revenue/history',
    ];
    for (const url of reads) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json<{ code: string }>().code, url).toBe('unauthenticated');
    }
  });
});
