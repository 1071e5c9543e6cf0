import Database from 'better-sqlite3';
const counts = new Map<string, number>(); const times = new Map<string, number>();
const proto = (Database as any).prototype; const origPrepare = proto.prepare;
proto.prepare = function (sql: string) { const st = origPrepare.call(this, sql);
  for (const m of ['all', 'get', 'run']) { const o = st[m].bind(st); st[m] = (...a: unknown[]) => { const k = m + ' ' + sql.slice(0, 60); const t0 = performance.now(); const r = o(...a); times.set(k, (times.get(k) ?? 0) + performance.now() - t0); counts.set(k, (counts.get(k) ?? 0) + 1); return r; }; }
  return st; };
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const { buildApp } = await import('./src/app.ts'); const { loadConfig } = await import('./src/config.ts');
const { systemClock } = await import('./src/core/context.ts'); const { openStorage } = await import('./src/db/connect.ts');
const { migrateToLatest } = await import('./src/db/migrate.ts'); const { loadProfile } = await import('./src/profiles/load.ts');
const { loadDemoData } = await import('./src/seed/demo.ts');
const { insertCustomer, insertLine } = await import('./src/core/subscribers/line.repository.ts');
const { openLineAccount, operatorAccountId, OPERATOR_ACCOUNTS, transfer } = await import('./src/core/ledger/account.repository.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't-'));
const storage = openStorage({ kind: 'sqlite', file: path.join(dir, 'b.db') });
await migrateToLatest(storage.db);
const profile = loadProfile(path.resolve('profiles/mts-ru'));
await loadDemoData(storage.db, profile, new Date());
const at = new Date().toISOString();
const numbers: string[] = [];
await storage.db.transaction().execute(async (trx) => {
  const opening = await operatorAccountId(trx, OPERATOR_ACCOUNTS.openingBalances, 'RUB', at);
  const customer = await insertCustomer(trx, { kind: 'individual', name: 'Bench', region: null, createdAt: at });
  for (let i = 0; i < 2000; i++) {
    const number = `+7925${String(i).padStart(7, '0')}`;
    const lineId = await insertLine(trx, { customer_id: customer, number, segment: 'consumer', payment_type: 'prepaid', line_type: 'mobile', status: 'active', language: 'ru', tariff_id: 'super-mts', created_at: at, updated_at: at });
    const account = await openLineAccount(trx, lineId, 'main', 'RUB', 0, at);
    await transfer(trx, { debitAccountId: opening, creditAccountId: account, amount: 1e12, kind: 'opening-balance', description: null, externalRef: null, at });
    numbers.push(number);
  }
});
const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', KABINET_PROFILE: 'mts-ru', RATE_LIMIT_PER_MINUTE: '100000000' });
const app = await buildApp(config, { storage, profile, clock: systemClock });
let n = 0;
const mk = (t: string) => JSON.stringify({ items: Array.from({ length: 100 }, (_, j) => ({ number: numbers[(n++) % numbers.length], amount: 1, kind: 'fee', description: 'x', idempotencyKey: `${t}-${j}` })) });
const run = async (label: string, N: number) => {
  const bodies = Array.from({ length: N }, (_, i) => mk(label + i));
  const t = performance.now(); const c = process.cpuUsage();
  for (const payload of bodies) { const r = await app.inject({ method: 'POST', url: '/api/v1/charges/batch', headers: { 'content-type': 'application/json' }, payload }); if (r.statusCode !== 200) throw new Error(r.body); }
  const cu = process.cpuUsage(c); return `${((performance.now() - t) * 1000 / (N * 100)).toFixed(1)}/${((cu.user + cu.system) / (N * 100)).toFixed(1)}`;
};
await run('warm', 50); counts.clear(); times.clear();
const prof = process.env.PROF === '1';
const insp = await import('node:inspector/promises'); const ss = new insp.Session(); ss.connect();
if (prof) { await ss.post('Profiler.enable'); await ss.post('Profiler.start'); }
const r = [await run('a', 150), await run('b', 150), await run('c', 150)];
for (const [k, v] of times) if (counts.get(k)! > 100) console.log((v * 1000 / counts.get(k)!).toFixed(1), 'us each', counts.get(k), k);
console.log('us per item', r.join(' '));
if (prof) { const { profile: pr } = await ss.post('Profiler.stop'); fs.writeFileSync('/tmp/batch3.cpuprofile', JSON.stringify(pr)); }
await app.close();
