/**
 * Serving the web app: index.html for `/` and client routes, hashed assets with long caching,
 * and the server's own paths (`/api`, `/docs`, `/health`...) never swallowed by the SPA fallback.
 * Also the demo number list the start page reads, which exists only in demo mode.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { toE164 } from '../../src/core/subscribers/phone-number.ts';
import { createTestDatabase } from '../support/databases.ts';
import { fixedClock, profile, testConfig } from '../support/factories.ts';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script></body></html>';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('web app serving', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-web-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: App;
  let production: App;
  let unbuilt: App;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
    fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log("kabinet")');
    database = await createTestDatabase('sqlite');
    const deps = { storage: database.storage, profile: profile('tele2-ru'), clock: fixedClock() };
    app = await buildApp(testConfig({ KABINET_PROFILE: 'tele2-ru' }), { ...deps, webDist: dist });
    production = await buildApp(testConfig({ KABINET_PROFILE: 'tele2-ru', KABINET_MODE: 'production' }), { ...deps, webDist: dist });
    unbuilt = await buildApp(testConfig({ KABINET_PROFILE: 'tele2-ru' }), { ...deps, webDist: path.join(dist, 'nothing-here') });
  });
  afterAll(async () => {
    await Promise.all([app.close(), production.close(), unbuilt.close()]);
    await database.drop();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for every client route, never cached', async () => {
    for (const url of ['/', '/lines/%2B79520000001', '/lines/+79520000001/manage', '/lines/%2B79520000001/history?x=1', '/unknown/page']) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.body, url).toBe(INDEX);
    }
  });

  it('serves hashed assets with a year of immutable caching, and a 404 for a missing one', async () => {
    const js = await app.inject('/assets/app-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await app.inject({ url: '/assets/app-zzz.js', headers: HTML });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toBe(INDEX);
  });

  it('keeps the JSON 404 of the API and the server paths, even for a browser asking for HTML', async () => {
    for (const url of ['/api/v1/nothing-here', '/api', '/api/v2/lines', '/health/deep', '/metrics/x', '/favicon.ico', '/robots.txt']) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
      expect(res.json(), url).toMatchObject({ code: 'not_found' });
    }
    expect((await app.inject({ url: '/health', headers: HTML })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/openapi.json', headers: HTML })).json()).toMatchObject({ openapi: '3.1.0' });
    const docs = await app.inject({ url: '/docs/', headers: HTML });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('answers a client route with the JSON 404 when the caller does not want HTML, and for other methods', async () => {
    const json = await app.inject({ url: '/lines/%2B79520000001', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    expect(json.json()).toMatchObject({ code: 'not_found' });
    const post = await app.inject({ method: 'POST', url: '/lines/%2B79520000001', headers: HTML, payload: {} });
    expect(post.statusCode).toBe(404);
  });

  it('says how to build the app when web/dist is missing, and the API still answers', async () => {
    const res = await unbuilt.inject({ url: '/', headers: HTML });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    expect((await unbuilt.inject('/api/v1/operator')).statusCode).toBe(200);
  });

  it('lists the profile demo lines in E.164 in demo mode only', async () => {
    const res = await app.inject('/api/v1/demo/lines');
    expect(res.statusCode).toBe(200);
    const p = profile('tele2-ru');
    const expected = p.demo.flatMap((c) =>
      c.lines.map((l) => ({
        number: toE164(l.number, p.country),
        customer: c.name,
        segment: c.segment,
        paymentType: l.paymentType,
        lineType: l.lineType,
        status: l.status,
      })),
    );
    expect(res.json()).toEqual({ lines: expected });
    expect(expected.length).toBeGreaterThan(3);

    const refused = await production.inject('/api/v1/demo/lines');
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'not_found' });
  });

  it('gives the web app the brand colour of the operator', async () => {
    expect((await app.inject('/api/v1/operator')).json()).toMatchObject({ brand: 'Tele2', brandColor: '#1F2229' });
  });
});
