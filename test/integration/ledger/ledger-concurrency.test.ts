/**
 * No overspend under concurrency, and no lost or doubled top-up across a crash, on both databases:
 * 200 parallel charges against a balance covering 100 (in one process, and on PostgreSQL from two
 * app processes); `kill -9` of a server process in the middle of a stream of acknowledged top-ups.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import type { DatabaseTarget } from '../../../src/db/connect.ts';
import { topUpBalance } from '../../../src/core/ledger/top-up-balance.ts';
import { describeEachDatabase, PG_URL } from '../../support/databases.ts';
import { startAppProcess } from '../../support/app-process.ts';
import { demoActor, demoDeps, testConfig } from '../../support/factories.ts';
import { buildApp } from '../../../src/app.ts';
import { assertLedgerInvariants } from './invariants.ts';
import { lineBalances } from '../../../src/core/ledger/account.repository.ts';
import { findLineByNumber } from '../../../src/core/subscribers/line.repository.ts';

const LINE = '+79160000001'; // prepaid, 500.00 RUB, floor 0
const BLOCKED = '+79160000004'; // opening balance -20.00, below its floor

async function mainBalance(deps: CoreDeps, number: string): Promise<number> {
  const line = await findLineByNumber(deps.db, number);
  return (await lineBalances(deps.db, Number(line?.id))).main;
}

/** The test line's fee spend of all months so far. */
async function chargeSpend(deps: CoreDeps): Promise<number> {
  const line = await findLineByNumber(deps.db, LINE);
  const rows = await deps.db
    .selectFrom('spend_monthly')
    .select('amount')
    .where('line_id', '=', Number(line?.id))
    .where('kind', '=', 'fee')
    .execute();
  return rows.reduce((sum, r) => sum + Number(r.amount), 0);
}

async function charge(url: string, key: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/lines/${encodeURIComponent(LINE)}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ amount: 500, kind: 'purchase', description: 'parallel' }),
  });
  await response.arrayBuffer();
  return response.status;
}

describeEachDatabase('ledger under concurrency and crashes (mts-ru)', (db, kind) => {
  let deps: CoreDeps;
  let app: App;
  let allowedBelow: Map<number, number>;
  beforeAll(async () => {
    deps = await demoDeps(db(), 'mts-ru');
    app = await buildApp(testConfig({ KABINET_PROFILE: 'mts-ru' }), { storage: db(), profile: deps.profile, clock: deps.clock });
    await app.ready();
    const blocked = await findLineByNumber(deps.db, BLOCKED);
    const account = await deps.db.selectFrom('accounts').select('id').where('line_id', '=', Number(blocked?.id)).executeTakeFirstOrThrow();
    allowedBelow = new Map([[Number(account.id), -2_000]]);
  });
  afterAll(async () => {
    await app.close();
  });

  /** Where a child app process finds this suite's database. */
  async function targetOf(): Promise<DatabaseTarget> {
    if (kind === 'sqlite') return { kind: 'sqlite', file: db().sqlite?.name ?? '' };
    const row = await deps.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('schema')).executeTakeFirstOrThrow();
    return { kind: 'postgres', url: PG_URL, schema: row.schema };
  }

  it('lets exactly 100 of 200 parallel charges through when the balance covers 100', async () => {
    expect(await mainBalance(deps, LINE)).toBe(50_000);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/lines/${LINE}/charges`,
          headers: { 'idempotency-key': `par-${i}` },
          payload: { amount: 500, kind: 'purchase', description: 'parallel' },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 402)).toHaveLength(100);
    expect(await mainBalance(deps, LINE)).toBe(0);
    await assertLedgerInvariants(deps.db, allowedBelow);
  });

  if (kind === 'postgres')
    it('lets exactly 100 through when 200 charges come through two app processes at once', async () => {
      await topUpBalance(
        deps,
        { number: LINE, amount: 50_000, source: 'card', externalRef: null, language: 'en', idempotencyKey: 'refill' },
        demoActor,
      );
      const servers = await Promise.all([0, 1].map(async () => startAppProcess(await targetOf())));
      try {
        const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => charge(servers[i % 2]?.url ?? '', `two-${i}`)));
        expect(statuses.filter((s) => s === 201)).toHaveLength(100);
        expect(statuses.filter((s) => s === 402)).toHaveLength(100);

        // One key sent 20 times at once to both processes: the money moves once; the others replay or conflict.
        const duplicates = await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const response = await fetch(`${servers[i % 2]?.url ?? ''}/api/v1/lines/${encodeURIComponent(LINE)}/top-ups`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': 'same-key-two-processes' },
              body: JSON.stringify({ amount: 100, source: 'card', externalRef: 'dup-ref' }),
            });
            await response.arrayBuffer();
            return response.status;
          }),
        );
        expect(duplicates.every((s) => s === 201 || s === 409)).toBe(true);
        const rows = await deps.db.selectFrom('transfers').select('id').where('external_ref', '=', 'dup-ref').execute();
        expect(rows).toHaveLength(1);

        // The same for a charge, whose key goes into the statement of its receipt and spend: the
        // money moves once, one receipt, the spend counted once; every answer is the first one.
        // The balance (100) covers two: only the key can stop the second process's copy.
        const spendBefore = await chargeSpend(deps);
        const chargeAt = async (url: string, key: string, description: string) => {
          const response = await fetch(`${url}/api/v1/lines/${encodeURIComponent(LINE)}/charges`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ amount: 50, kind: 'fee', description }),
          });
          return { status: response.status, body: await response.text() };
        };
        const charges = await Promise.all(
          Array.from({ length: 20 }, (_, i) => chargeAt(servers[i % 2]?.url ?? '', 'same-charge-two-processes', 'dup-charge')),
        );
        expect(charges.every((c) => c.status === 201 || c.status === 409)).toBe(true);
        const answers = new Set(charges.filter((c) => c.status === 201).map((c) => c.body));
        expect(answers.size).toBe(1);
        expect(await deps.db.selectFrom('transfers').select('id').where('description', '=', 'dup-charge').execute()).toHaveLength(1);
        const receipts = await deps.db.selectFrom('sms_outbox').select('text').where('text', 'like', '%dup-charge%').execute();
        expect(receipts).toHaveLength(1);
        expect((await chargeSpend(deps)) - spendBefore).toBe(50);
        expect((await chargeAt(servers[0]?.url ?? '', 'the-other-half', 'rest')).status).toBe(201);
      } finally {
        await Promise.all(servers.map((s) => s.kill()));
      }
      expect(await mainBalance(deps, LINE)).toBe(0);
      await assertLedgerInvariants(deps.db, allowedBelow);
    });

  it('keeps every acknowledged top-up exactly once across kill -9 of the server', async () => {
    const target = await targetOf();
    const server = await startAppProcess(target);
    const acknowledged = new Map<string, number>();
    const sent = new Set<string>();
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const ref = `crash-${w}-${i}`;
        sent.add(ref);
        try {
          const response = await fetch(`${server.url}/api/v1/lines/${encodeURIComponent(LINE)}/top-ups`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': ref },
            body: JSON.stringify({ amount: 100, source: 'cash-terminal', externalRef: ref }),
          });
          const body = (await response.json()) as { transferId: number };
          if (response.status === 201) acknowledged.set(ref, body.transferId);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = Array.from({ length: 16 }, (_, w) => worker(w));
    while (acknowledged.size < 300) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    expect(server.child.signalCode).toBe('SIGKILL');

    const restarted = await startAppProcess(target);
    try {
      const rows = await deps.db.selectFrom('transfers').select(['id', 'external_ref']).where('external_ref', 'like', 'crash-%').execute();
      const count = new Map<string, number>();
      for (const r of rows) count.set(r.external_ref ?? '', (count.get(r.external_ref ?? '') ?? 0) + 1);
      for (const [ref, transferId] of acknowledged) {
        expect(count.get(ref), ref).toBe(1);
        expect(rows.find((r) => r.external_ref === ref)?.id).toBe(transferId);
      }
      for (const ref of sent) expect(count.get(ref) ?? 0).toBeLessThanOrEqual(1);
      // A client retrying an acknowledged top-up after the restart gets the first answer back.
      const [ref, transferId] = [...acknowledged][0] ?? ['', 0];
      const retry = await fetch(`${restarted.url}/api/v1/lines/${encodeURIComponent(LINE)}/top-ups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': ref },
        body: JSON.stringify({ amount: 100, source: 'cash-terminal', externalRef: ref }),
      });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(((await retry.json()) as { transferId: number }).transferId).toBe(transferId);
    } finally {
      await restarted.kill();
    }
    await assertLedgerInvariants(deps.db, allowedBelow);
  });
});
