/** Recurring tariff and service fees on both databases: exactly once per line, item and period, whatever the clock, retries and processes do. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBillingCycle } from '../../src/core/billing/run-billing-cycle.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { lineBalances } from '../../src/core/ledger/account.repository.ts';
import type { Storage } from '../../src/db/connect.ts';
import { ledgerProblems, secondStorage, topUpForTest } from '../support/billing.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { demoDeps, fixedClock, REPO_ROOT } from '../support/factories.ts';

async function lineId(deps: CoreDeps, number: string): Promise<number> {
  const row = await deps.db.selectFrom('lines').select('id').where('number', '=', number).executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Fee postings that happened twice for the same line and period (their description names both). */
async function duplicateFeePostings(storage: Storage): Promise<unknown[]> {
  return storage.db
    .selectFrom('transfers')
    .select(['debit_account_id', 'description', (eb) => eb.fn.countAll<number>().as('n')])
    .where('kind', 'in', ['tariff-fee', 'service-fee'])
    .groupBy(['debit_account_id', 'description'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
}

describeEachDatabase('recurring fees (telekom-hu, Europe/Budapest)', (db, kind) => {
  let deps: CoreDeps;
  let clock: ReturnType<typeof fixedClock>;
  let other: Storage;
  let otherDeps: CoreDeps;
  beforeAll(async () => {
    deps = await demoDeps(db(), 'telekom-hu');
    clock = fixedClock('2027-10-30T21:30:00.000Z');
    deps = { ...deps, clock };
    other = await secondStorage(db());
    otherDeps = { db: other.db, profile: deps.profile, clock };
    // A daily service on the prepaid line: 350 HUF a day against 2,500 HUF.
    const prepaid = await lineId(deps, '+36301234568');
    await deps.db
      .insertInto('line_services')
      .values({ line_id: prepaid, service_id: 'napijegy', activated_at: '2026-10-01T00:00:00.000Z', deactivated_at: null })
      .execute();
  });
  afterAll(async () => {
    await other.close();
  });

  it('charges each period once across the autumn DST change, and blocks the line that cannot pay', async () => {
    const prepaid = await lineId(deps, '+36301234568');
    const postpaid = await lineId(deps, '+36301234567');
    const periods = async (id: number, item: string) =>
      (
        await deps.db
          .selectFrom('fee_charges')
          .select(['period', 'status'])
          .where('line_id', '=', id)
          .where('item', '=', item)
          .orderBy('period')
          .execute()
      ).map((r) => `${r.period}:${r.status}`);
    await runBillingCycle(deps); // 23:30 local on 10-30
    clock.set('2027-10-30T22:00:00.000Z'); // 00:00 CEST on 10-31
    await runBillingCycle(deps);
    clock.set('2027-10-31T22:59:00.000Z'); // 23:59 CET on 10-31, the 25-hour day
    await runBillingCycle(deps);
    await runBillingCycle(deps);
    expect(await periods(prepaid, 'service:napijegy')).toEqual(['2027-10-30:charged', '2027-10-31:charged']);
    expect(await periods(postpaid, 'tariff')).toEqual(['2027-10:charged']);
    clock.set('2027-10-31T23:00:00.000Z'); // 00:00 CET on 11-01: a new month
    await runBillingCycle(deps);
    expect(await periods(postpaid, 'tariff')).toEqual(['2027-10:charged', '2027-11:charged']);
    // Day after day until 2,500 HUF runs out: 7 days are paid, the 8th finds 50 HUF and blocks the line.
    for (let day = 1; day <= 6; day++) {
      clock.set(new Date(Date.parse('2027-10-31T23:00:00.000Z') + day * 86_400_000).toISOString());
      await runBillingCycle(deps);
    }
    const status = await deps.db.selectFrom('lines').select('status').where('id', '=', prepaid).executeTakeFirstOrThrow();
    expect(status.status).toBe('blocked');
    const charged = await deps.db
      .selectFrom('fee_charges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('line_id', '=', prepaid)
      .where('status', '=', 'charged')
      .executeTakeFirstOrThrow();
    expect(Number(charged.n)).toBe(7);
    expect((await lineBalances(deps.db, prepaid)).main).toBe(2500 - 7 * 350); // HUF has no minor units
    const audit = await deps.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('line_id', '=', prepaid)
      .where('action', '=', 'line.block')
      .execute();
    expect(audit).toHaveLength(1);
    const sms = await deps.db
      .selectFrom('sms_outbox')
      .select(['template', 'language', 'text'])
      .where('line_id', '=', prepaid)
      .orderBy('id')
      .execute();
    expect(sms.filter((s) => s.template === 'charge')).toHaveLength(7);
    expect(sms.at(-1)).toMatchObject({ template: 'blocked', language: 'hu' });
    expect(sms.at(-1)!.text).toContain('50');
    // Still blocked: no more fees; a top-up unblocks at once and the unpaid day is charged on the next run, once.
    await runBillingCycle(deps);
    const unblocked = await topUpForTest(deps, '+36301234568', 100_000);
    expect(unblocked).toEqual({ repaid: 0, unblocked: true });
    await Promise.all([runBillingCycle(deps), runBillingCycle(kind === 'postgres' ? otherDeps : deps), runBillingCycle(deps)]);
    await runBillingCycle(otherDeps);
    expect(await duplicateFeePostings(db())).toEqual([]);
    const last = await periods(prepaid, 'service:napijegy');
    expect(last.at(-1)).toMatch(/:charged$/);
    expect(await ledgerProblems(db())).toEqual([]);
  });

  it('does not charge the period in which a service began; charges from the first whole period', async () => {
    const postpaid = await lineId(deps, '+36301234567');
    clock.set('2027-11-20T10:00:00.000Z');
    await deps.db
      .insertInto('line_services')
      .values({ line_id: postpaid, service_id: 'napijegy', activated_at: clock.now().toISOString(), deactivated_at: null })
      .execute();
    const days = async () =>
      (
        await deps.db
          .selectFrom('fee_charges')
          .select('period')
          .where('line_id', '=', postpaid)
          .where('item', '=', 'service:napijegy')
          .orderBy('period')
          .execute()
      ).map((r) => r.period);
    await runBillingCycle(deps);
    expect(await days()).toEqual([]);
    clock.set('2027-11-20T23:00:00.000Z'); // 00:00 on 11-21 in Budapest
    await runBillingCycle(deps);
    expect(await days()).toEqual(['2027-11-21']);
  });

  it('never charges a fee twice for one period: random clock moves (DST included), repeated and concurrent runs in two processes', async () => {
    // Plenty of money so that every run has something to charge.
    await topUpForTest(deps, '+36301234568', 10_000_000);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // Mostly forward, sometimes back (a clock fix), by minutes to days; the start sits next to a DST change.
            moveMinutes: fc.oneof(fc.integer({ min: -180, max: 180 }), fc.integer({ min: -2 * 1440, max: 3 * 1440 })),
            runs: fc.integer({ min: 1, max: 3 }),
            start: fc.constantFrom('2027-03-27T22:30:00.000Z', '2027-10-30T21:45:00.000Z', '2027-12-31T22:50:00.000Z'),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (steps) => {
          clock.set(steps[0]!.start);
          for (const step of steps) {
            clock.set(new Date(clock.now().getTime() + step.moveMinutes * 60_000).toISOString());
            // PostgreSQL: two pools run at once. SQLite: runs of one process interleave; the second
            // connection runs after them (in one thread it would wait on the first one's lock).
            await Promise.all(
              Array.from({ length: step.runs }, (_, i) => runBillingCycle(kind === 'postgres' && i % 2 === 1 ? otherDeps : deps)),
            );
            if (kind === 'sqlite') await runBillingCycle(otherDeps);
          }
          expect(await duplicateFeePostings(db())).toEqual([]);
          const rows = await db()
            .db.selectFrom('fee_charges')
            .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount').as('total')])
            .where('status', '=', 'charged')
            .executeTakeFirstOrThrow();
          const posted = await db()
            .db.selectFrom('transfers')
            .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('amount').as('total')])
            .where('kind', 'in', ['tariff-fee', 'service-fee'])
            .executeTakeFirstOrThrow();
          expect([Number(posted.n), Number(posted.total)]).toEqual([Number(rows.n), Number(rows.total)]);
          // The period of "now" is charged for the postpaid line, exactly once.
          const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Budapest', year: 'numeric', month: '2-digit' }).format(
            clock.now(),
          );
          const postpaid = await lineId(deps, '+36301234567');
          const current = await db()
            .db.selectFrom('fee_charges')
            .select(['status'])
            .where('line_id', '=', postpaid)
            .where('item', '=', 'tariff')
            .where('period', '=', month)
            .execute();
          expect(current).toEqual([{ status: 'charged' }]);
        },
      ),
      { numRuns: 12 },
    );
    expect(await ledgerProblems(db())).toEqual([]);
    const unique = await sql<{
      n: number;
    }>`select count(*) as n from (select line_id, item, period from fee_charges group by line_id, item, period having count(*) > 1) d`.execute(
      db().db,
    );
    expect(Number(unique.rows[0]!.n)).toBe(0);
  });

  if (kind === 'sqlite')
    it('charges once when two OS processes run billing on the same SQLite file at the same time', async () => {
      const at = '2028-02-10T09:00:00.000Z';
      const days = 60;
      const goAt = Date.now() + 2500; // both processes start together, after the child has loaded
      const child = promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(REPO_ROOT, 'test/support/billing-process.ts'),
          db().sqlite!.name,
          'telekom-hu',
          at,
          String(days),
          String(goAt),
        ],
        { cwd: REPO_ROOT },
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, goAt - Date.now())));
      for (let i = 0; i < days; i++) {
        clock.set(new Date(Date.parse(at) + i * 86_400_000).toISOString());
        await runBillingCycle(deps);
      }
      expect((await child).stdout).toContain('done');
      const prepaid = await lineId(deps, '+36301234568');
      const daily = await db()
        .db.selectFrom('fee_charges')
        .select('period')
        .where('line_id', '=', prepaid)
        .where('item', '=', 'service:napijegy')
        .where('period', '>=', '2028-02-10')
        .where('period', '<', '2028-04-10')
        .where('status', '=', 'charged')
        .execute();
      expect(daily).toHaveLength(days);
      expect(await duplicateFeePostings(db())).toEqual([]);
      expect(await ledgerProblems(db())).toEqual([]);
    });
});
