/**
 * `npm run bench -- ussd`: the same three-level USSD menu (main → services → Electronic Assistant)
 * on Kabinet (profile-driven engine, sessions kept in the database, group-committed) and on npm
 * `ussd-menu-builder` (one instance per request, the only correct way to use it; no sessions),
 * both behind the same Africa's Talking endpoint shape (`POST /ussd/at`, form fields, CON/END),
 * both on Fastify, driven by the same client in one run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import { createRequire } from 'node:module';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/core/context.ts';
import { openStorage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { loadDemoData } from '../src/seed/demo.ts';
import { runLoad, type LoadResult } from './http-load.ts';

type UssdMenuType = {
  startState(s: unknown): void;
  state(name: string, s: unknown): void;
  con(t: string): void;
  end(t: string): void;
  run(args: Record<string, string>): Promise<string>;
};
const UssdMenu = createRequire(import.meta.url)('ussd-menu-builder') as new () => UssdMenuType;

const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

/** The peer: the same screens, built with ussd-menu-builder, one instance per request. */
async function startPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify();
  await app.register(fastifyFormbody);
  app.post('/ussd/at', async (request, reply) => {
    const menu = new UssdMenu();
    menu.startState({
      run: () => menu.con('Мобильный помощник МТС\n1 Баланс\n2 Услуги\n3 Мой тариф\n4 Справка'),
      next: { '1': 'balance', '2': 'services' },
    });
    menu.state('balance', { run: () => menu.end('Ваш баланс: 500,00 ₽.') });
    menu.state('services', {
      run: () => menu.con("Услуги\n1 Электронный помощник\n2 Кто звонил\n3 GOOD'OK\n4 Мои услуги\n0 Назад 00 Меню"),
      next: { '1': 'services.ea' },
    });
    menu.state('services.ea', { run: () => menu.con('Электронный помощник\n1 Подключить\n2 Отключить\n0 Назад 00 Меню'), next: {} });
    const text = await menu.run(request.body as Record<string, string>);
    return reply.type('text/plain; charset=utf-8').send(text);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => app.close() };
}

async function startKabinet(): Promise<{ port: number; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-ussd-'));
  const storage = openStorage({ kind: 'sqlite', file: path.join(dir, 'bench.db') });
  await migrateToLatest(storage.db);
  const profile = loadProfile(path.resolve('profiles/mts-ru'));
  await loadDemoData(storage.db, profile, new Date());
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', KABINET_PROFILE: 'mts-ru', RATE_LIMIT_PER_MINUTE: '100000000' });
  const app = await buildApp(config, { storage, profile, clock: systemClock });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: async () => {
      await app.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One dialogue: dial *111#, choose 2 (services), choose 1 (Electronic Assistant): three levels, three steps. */
async function drive(port: number, label: string, ms: number): Promise<LoadResult> {
  return runLoad(port, CONCURRENCY, ms, async (w, i, post) => {
    const sessionId = `${label}-${w}-${i}`;
    const base = { sessionId, serviceCode: '*111#', phoneNumber: '+79160000001', networkCode: '25001' };
    for (const text of ['', '2', '2*1']) {
      const answer = await post('/ussd/at', { ...base, text });
      if (!answer.startsWith('CON')) throw new Error(`${label}: unexpected answer ${answer}`);
    }
  });
}

export default async function ussdBench(): Promise<Record<string, unknown>> {
  const kabinet = await startKabinet();
  const peer = await startPeer();
  try {
    await drive(kabinet.port, 'warm-k', 1000);
    await drive(peer.port, 'warm-p', 1000);
    const k = await drive(kabinet.port, 'k', DURATION_MS);
    const p = await drive(peer.port, 'p', DURATION_MS);
    console.log(
      `kabinet           ${k.perSecond} steps/s  p50 ${k.p50Ms} ms  p99 ${k.p99Ms} ms  (server-side sessions in SQLite, group commit without fsync)`,
    );
    console.log(`ussd-menu-builder ${p.perSecond} steps/s  p50 ${p.p50Ms} ms  p99 ${p.p99Ms} ms  (no sessions, one instance per request)`);
    return {
      bench: 'ussd',
      concurrency: CONCURRENCY,
      kabinet: k,
      ussdMenuBuilder: p,
      throughputRatio: Number((k.perSecond / p.perSecond).toFixed(2)),
      p99Ratio: Number((k.p99Ms / p.p99Ms).toFixed(2)),
    };
  } finally {
    await kabinet.close();
    await peer.close();
  }
}
