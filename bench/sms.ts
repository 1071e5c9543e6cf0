/**
 * `npm run bench -- sms`: SMS command round trips over SMPP, inbound to reply. The built-in SMSC
 * simulator sends deliver_sm "БАЛАНС" to 111 from demo handsets; Kabinet's ESME answers each with
 * a submit_sm carrying the balance (a core use case reading SQLite). Measures round trips per
 * second and p99, against the same SMPP loop with a canned reply (the protocol ceiling here).
 * Goal: at least 1,000/s (Jasmin manages 80-140/s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerSmppTraffic } from '../src/channels/smpp-inbound.ts';
import { accessCodesNotAvailable } from '../src/channels/sms/access-codes.ts';
import { SmppLink } from '../src/channels/sms/smpp-link.ts';
import { SmscSimulator } from '../src/channels/sms/smsc-simulator.ts';
import { systemClock } from '../src/core/context.ts';
import { openStorage } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadProfile } from '../src/profiles/load.ts';
import { loadDemoData } from '../src/seed/demo.ts';

const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const NUMBERS = ['+79160000001', '+79160000002', '+79160000003', '+79160000004'];

type Result = { roundTrips: number; perSecond: number; p50Ms: number; p99Ms: number };

async function measure(smsc: SmscSimulator, ms: number): Promise<Result> {
  const waiting = new Map<string, (() => void)[]>();
  smsc.onSubmitted = (m) => waiting.get(m.to)?.shift()?.();
  const latencies: number[] = [];
  const end = Date.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      const from = NUMBERS[w % NUMBERS.length] as string;
      const key = from.slice(1);
      while (Date.now() < end) {
        const t = performance.now();
        const replied = new Promise<void>((resolve) => {
          const list = waiting.get(key) ?? [];
          list.push(resolve);
          waiting.set(key, list);
        });
        await smsc.injectMo({ from, to: '111', text: 'БАЛАНС' });
        await replied;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(2));
  return { roundTrips: latencies.length, perSecond: Math.round(latencies.length / elapsed), p50Ms: pct(0.5), p99Ms: pct(0.99) };
}

export default async function smsBench(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kabinet-bench-sms-'));
  const storage = openStorage({ kind: 'sqlite', file: path.join(dir, 'bench.db') });
  const smsc = new SmscSimulator({ record: false });
  const link = new SmppLink({ host: '127.0.0.1', port: 0, systemId: 'kabinet', password: 'x' });
  try {
    await migrateToLatest(storage.db);
    const profile = loadProfile(path.resolve('profiles/mts-ru'));
    await loadDemoData(storage.db, profile, new Date());
    const port = await smsc.start();
    Object.assign(link, { options: { host: '127.0.0.1', port, systemId: 'kabinet', password: 'x' } });

    // Ceiling: the same SMPP loop with a canned reply and no core work.
    link.onInbound = async (m) => void (await link.submit({ from: m.to, to: m.from, text: 'Ваш баланс: 500,00 ₽.' }));
    await link.open();
    await measure(smsc, 500);
    const ceiling = await measure(smsc, DURATION_MS);

    answerSmppTraffic(link, { db: storage.db, profile, clock: systemClock, accessCodes: accessCodesNotAvailable });
    await measure(smsc, 500);
    const kabinet = await measure(smsc, DURATION_MS);
    console.log(`kabinet SMS commands ${kabinet.perSecond}/s  p50 ${kabinet.p50Ms} ms  p99 ${kabinet.p99Ms} ms`);
    console.log(`SMPP ceiling (canned reply) ${ceiling.perSecond}/s  p99 ${ceiling.p99Ms} ms`);
    return {
      bench: 'sms',
      concurrency: CONCURRENCY,
      kabinet,
      smppCeiling: ceiling,
      ratioToCeiling: Number((kabinet.perSecond / ceiling.perSecond).toFixed(2)),
      ratioToGoal1000: Number((kabinet.perSecond / 1000).toFixed(2)),
      ratioToJasmin140: Number((kabinet.perSecond / 140).toFixed(1)),
    };
  } finally {
    await link.close();
    await smsc.stop();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
