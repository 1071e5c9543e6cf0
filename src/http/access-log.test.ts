import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createLogger, REDACT_PATHS } from '../logger.ts';
import { AccessLog } from './access-log.ts';

type Line = { msg: string; reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number };

async function appLoggingAt(level: string) {
  const lines: string[] = [];
  const logger = pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  );
  const app = Fastify({ loggerInstance: logger, logController: new AccessLog(logger) });
  app.post('/lines/:number/secret', async (request, reply) => {
    request.log.info({ body: request.body }, 'secret set');
    return reply.code(201).send({ ok: true });
  });
  return { app, lines: () => lines.map((l) => JSON.parse(l) as Line) };
}

describe('access log', () => {
  it('writes one line per request with method, path without the query, status and time, and nothing of the secrets sent', async () => {
    const { app, lines } = await appLoggingAt('info');
    const res = await app.inject({
      method: 'POST',
      url: '/lines/%2B79160000001/secret?code=739164&text=hello',
      payload: { password: 'Correct-Horse-42' },
    });
    expect(res.statusCode).toBe(201);
    const missing = await app.inject({ method: 'GET', url: '/nowhere?code=739164' });
    expect(missing.statusCode).toBe(404);
    const access = lines().filter((l) => l.msg === 'request completed');
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({ req: { method: 'POST', url: '/lines/%2B79160000001/secret' }, res: { statusCode: 201 } });
    expect(access[1]).toMatchObject({ req: { method: 'GET', url: '/nowhere' }, res: { statusCode: 404 } });
    expect(access[0]?.reqId).toBeTruthy();
    expect(access[0]?.reqId).not.toBe(access[1]?.reqId);
    expect(typeof access[0]?.responseTime).toBe('number');
    // The route's own line is still redacted; Fastify's two lines per request are not written.
    expect(lines().find((l) => l.msg === 'secret set')).toMatchObject({ body: { password: '[redacted]' } });
    expect(lines().some((l) => l.msg === 'incoming request')).toBe(false);
    const all = lines()
      .map((l) => JSON.stringify(l))
      .join('\n');
    expect(all).not.toContain('739164');
    expect(all).not.toContain('Correct-Horse-42');
    await app.close();
  });

  it('writes no access line when the level is above info', async () => {
    const { app, lines } = await appLoggingAt('warn');
    expect((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode).toBe(404);
    expect(lines()).toEqual([]);
    await app.close();
  });

  it('the process logger writes its lines in the background, all of them, in order, redacted', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-log-')), 'server.log');
    const logger = createLogger({ logLevel: 'info' }, file);
    for (let i = 0; i < 1000; i++) logger.info({ i, token: `t-${i}` }, 'line');
    // Written in the background: all of them land, in order.
    const written = await vi.waitFor(() => {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      const lines = text.trim().split('\n');
      if (lines.length < 1000 || !text.endsWith('\n')) throw new Error(`${lines.length} lines so far`);
      return lines;
    });
    expect(written.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(written.every((l) => l.includes('"token":"[redacted]"'))).toBe(true);
  });
});
