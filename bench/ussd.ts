/**
 * `npm run bench -- ussd`: the same three-level USSD menu (main → services → Electronic Assistant)
 * on Kabinet (profile-driven engine, sessions kept in the database, group-committed) and on npm
 * `ussd-menu-builder` (one instance per request, the only correct way to use it; no sessions),
 * both behind the same Africa's Talking endpoint shape (`POST /ussd/at`, form fields, CON/END),
 * both on Fastify, driven by the same client in one run, in interleaved rounds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import { createRequire } from 'node:module';
import { buildApp } from '../src/app.ts';
import { handleUssd } from '../src/channels/ussd/engine.ts';
import type { CoreDeps } from '../src/core/context.ts';
import { usePrecomputedSecurityHeaders } from '../src/http/security-headers.ts';
import { loadConfig } from '../src/config.ts';
import { systemClock } from '../src/core/context.ts';
import { openStorage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { loadDemoData } from '../src/seed/demo.ts';
import { runLoadSamples, summarize, type LoadSamples } from './form-load.ts';

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
/** The measured time of each contender is cut into rounds run in turn, so a disturbance on the machine hits all three alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);

type RouteHost = {
  post(
    path: string,
    handler: (request: { body: unknown }, reply: { type(t: string): { send(b: string): unknown } }) => Promise<unknown>,
  ): unknown;
};

/** The peer: the same screens, built with ussd-menu-builder, one instance per request. */
function runPeerMenu(body: Record<string, string>): Promise<string> {
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
  return menu.run(body);
}

/** The peer's endpoint. */
function addPeerRoute(app: RouteHost, path: string): void {
  app.post(path, async (request, reply) => {
    const text = await runPeerMenu(request.body as Record<string, string>);
    return reply.type('text/plain; charset=utf-8').send(text);
  });
}

/** The peer alone on a bare Fastify (no helmet, rate limit, metrics): its best case. */
async function startPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const app = Fastify();
  await app.register(fastifyFormbody);
  addPeerRoute(app, '/ussd/at');
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => app.close() };
}

export async function startKabinet(): Promise<{ port: number; deps: CoreDeps; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-ussd-'));
  const storage = openStorage({ kind: 'sqlite', file: path.join(dir, 'bench.db') });
  await migrateToLatest(storage.db);
  const profile = loadProfile(path.resolve('profiles/mts-ru'));
  await loadDemoData(storage.db, profile, new Date());
  const config = loadConfig({
    NODE_ENV: 'production',
    KABINET_MODE: 'demo',
    BILLING_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    KABINET_PROFILE: 'mts-ru',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  const app = await buildApp(config, { storage, profile, clock: systemClock });
  // The peer also runs inside the same app, with the same header treatment as Kabinet's gateway
  // routes (precomputed security headers), so the ratio compares the menu engines.
  await app.register(async (peer) => {
    usePrecomputedSecurityHeaders(peer);
    addPeerRoute(peer, '/peer/ussd/at');
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    deps: { db: storage.db, profile, clock: systemClock },
    close: async () => {
      await app.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One dialogue: dial *111#, choose 2 (services), choose 1 (Electronic Assistant): three levels, three steps. */
export async function drive(port: number, label: string, ms: number, path = '/ussd/at'): Promise<LoadSamples> {
  return runLoadSamples(port, CONCURRENCY, ms, async (w, i, post) => {
    const sessionId = `${label}-${w}-${i}`;
    const base = { sessionId, serviceCode: '*111#', phoneNumber: '+79160000001', networkCode: '25001' };
    for (const text of ['', '2', '2*1']) {
      const answer = await post(path, { ...base, text });
      if (!answer.startsWith('CON')) throw new Error(`${label}: unexpected answer ${answer}`);
    }
  });
}

/**
 * CPU microseconds per step of `dialogue` (three steps each) run by CONCURRENCY loops for `ms`, in
 * this thread: CPU time, not wall time, since Kabinet's session batches wait (commit delay) idle.
 */
async function microsPerStep(ms: number, dialogue: (worker: number, iteration: number) => Promise<void>): Promise<number> {
  let steps = 0;
  const cpu = process.cpuUsage();
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++, steps += 3) await dialogue(w, i);
    }),
  );
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / steps;
}

/**
 * The engines alone, without HTTP: Kabinet's `handleUssd` (line lookup, menu, session written to
 * SQLite) and the peer's menu run, the same dialogue. What each costs its thread per step, so the
 * HTTP ratio can be read: the two differ by exactly this on top of the same HTTP work.
 */
async function engineCosts(deps: CoreDeps, ms: number): Promise<{ kabinetMicrosPerStep: number; peerMicrosPerStep: number }> {
  const number = '+79160000001';
  const kabinet = (label: string) => (w: number, i: number) =>
    (async () => {
      const sessionKey = `at:${label}-${w}-${i}`;
      await handleUssd(deps, { sessionKey, number, dialled: '*111#' });
      await handleUssd(deps, { sessionKey, number, input: '2', step: 1 });
      const last = await handleUssd(deps, { sessionKey, number, input: '1', step: 2 });
      if (last.end) throw new Error(`kabinet engine: unexpected answer ${last.text}`);
    })();
  const peer = async (w: number, i: number) => {
    const base = { sessionId: `e-${w}-${i}`, serviceCode: '*111#', phoneNumber: number, networkCode: '25001' };
    for (const text of ['', '2', '2*1']) {
      if (!(await runPeerMenu({ ...base, text })).startsWith('CON')) throw new Error('peer engine: unexpected answer');
    }
  };
  const k: number[] = [];
  const p: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    k.push(await microsPerStep(ms / ROUNDS, kabinet(`e${r}`)));
    p.push(await microsPerStep(ms / ROUNDS, peer));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return { kabinetMicrosPerStep: Number(median(k).toFixed(2)), peerMicrosPerStep: Number(median(p).toFixed(2)) };
}

export default async function ussdBench(): Promise<Record<string, unknown>> {
  const kabinet = await startKabinet();
  const peer = await startPeer();
  try {
    await drive(kabinet.port, 'warm-k', 1000);
    await drive(peer.port, 'warm-p', 1000);
    await drive(kabinet.port, 'warm-s', 1000, '/peer/ussd/at');
    const rounds: Record<'k' | 's' | 'p', LoadSamples[]> = { k: [], s: [], p: [] };
    const slice = DURATION_MS / ROUNDS;
    for (let r = 0; r < ROUNDS; r++) {
      rounds.k.push(await drive(kabinet.port, `k${r}`, slice));
      rounds.s.push(await drive(kabinet.port, `s${r}`, slice, '/peer/ussd/at'));
      rounds.p.push(await drive(peer.port, `p${r}`, slice));
    }
    const [k, same, p] = [summarize(rounds.k), summarize(rounds.s), summarize(rounds.p)];
    const engines = await engineCosts(kabinet.deps, DURATION_MS / 2);
    const line = (label: string, r: ReturnType<typeof summarize>, note: string) =>
      console.log(`${label.padEnd(36)} ${r.perSecond} steps/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  (${note})`);
    line('kabinet', k, 'server-side sessions in SQLite');
    line('ussd-menu-builder in the same app', same, 'no sessions, one instance per request');
    line('ussd-menu-builder on bare Fastify', p, 'no sessions, no helmet/rate-limit/metrics');
    console.log(
      `engines alone, no HTTP: kabinet ${engines.kabinetMicrosPerStep} µs a step, ussd-menu-builder ${engines.peerMicrosPerStep} µs a step`,
    );
    return {
      bench: 'ussd',
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      kabinet: k,
      ussdMenuBuilderSameApp: same,
      ussdMenuBuilderBareFastify: p,
      throughputRatioSameApp: Number((k.perSecond / same.perSecond).toFixed(2)),
      p99RatioSameApp: Number((k.p99Ms / same.p99Ms).toFixed(2)),
      throughputRatioBare: Number((k.perSecond / p.perSecond).toFixed(2)),
      p99RatioBare: Number((k.p99Ms / p.p99Ms).toFixed(2)),
      enginesAlone: engines,
      // Per step, same app: the HTTP work both share, and what Kabinet's engine adds on top of the peer's.
      sharedHttpMicrosPerStep: Number((1e6 / same.perSecond - engines.peerMicrosPerStep).toFixed(1)),
    };
  } finally {
    await kabinet.close();
    await peer.close();
  }
}
