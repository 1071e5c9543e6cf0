/**
 * The ledger writer's group commit on both databases: the writes of one event-loop turn share one
 * transaction, a refused write undoes only its own changes, and on PostgreSQL a deadlock with
 * another transaction runs the batch again instead of failing the caller.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { operatorAccountId, postTransferWithBalances, transfer } from '../../../src/core/ledger/account.repository.ts';
import { chargeBalance } from '../../../src/core/ledger/charge-balance.ts';
import type { CoreDeps } from '../../../src/core/context.ts';
import { ledgerWriter } from '../../../src/core/ledger/ledger-writer.ts';
import { describeEachDatabase, PG_URL } from '../../support/databases.ts';
import { demoActor, demoDeps } from '../../support/factories.ts';

describeEachDatabase('ledger writer', (db, kind) => {
  async function twoAccounts(): Promise<[number, number]> {
    await demoDeps(db());
    const rows = await db().db.selectFrom('accounts').select('id').orderBy('id').limit(2).execute();
    return [Number(rows[0]?.id), Number(rows[1]?.id)];
  }

  async function balanceOf(id: number): Promise<number> {
    const row = await db().db.selectFrom('accounts').select('balance').where('id', '=', id).executeTakeFirstOrThrow();
    return Number(row.balance);
  }

  let made = 0;
  /** `count` accounts with a zero floor, as prepaid main balances have, each funded with `amount`. */
  async function fundedAccounts(count: number, amount: number): Promise<{ id: number; balance: number }[]> {
    await demoDeps(db());
    const at = new Date().toISOString();
    const opening = await operatorAccountId(db().db, 'opening-test', 'RUB', at);
    return Promise.all(
      Array.from({ length: count }, async () => {
        const row = await db()
          .db.insertInto('accounts')
          .values({ line_id: null, code: `test-${made++}`, kind: 'operator', unit: 'RUB', floor: 0, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await transfer(db().db, {
          debitAccountId: opening,
          creditAccountId: id,
          amount,
          kind: 'opening-balance',
          description: null,
          externalRef: null,
          at,
        });
        return { id, balance: amount };
      }),
    );
  }

  /** The demo's first prepaid line with a balance of at least zero, topped up with 1,000, and its main account. */
  async function fundedLine(): Promise<{ deps: CoreDeps; number: string; account: number }> {
    const deps = await demoDeps(db());
    const line = await db()
      .db.selectFrom('lines')
      .innerJoin('accounts', 'accounts.line_id', 'lines.id')
      .select(['lines.number', 'accounts.id'])
      .where('accounts.kind', '=', 'main')
      .where('accounts.floor', '=', 0)
      .where('accounts.balance', '>=', 0)
      .orderBy('lines.id')
      .executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    const opening = await operatorAccountId(db().db, 'opening-test', 'RUB', at);
    const account = Number(line.id);
    await transfer(db().db, {
      debitAccountId: opening,
      creditAccountId: account,
      amount: 1_000,
      kind: 'opening-balance',
      description: null,
      externalRef: null,
      at,
    });
    return { deps, number: line.number, account };
  }

  // First: no lane has yet had a refused write, after which it keeps savepoints (and runs writes one by one) for a while.
  it('gives concurrent transfers of one batch the outcomes and balances of posting them one by one', async () => {
    const [a, b, c] = await fundedAccounts(3, 100);
    const revenue = await operatorAccountId(db().db, 'revenue-test', 'RUB', new Date().toISOString());
    if (!a || !b || !c) throw new Error('three accounts were not made');
    const writer = ledgerWriter(db().db);
    const before = { ...writer.stats };
    const charge = (debitAccountId: number, amount: number) =>
      writer.write(
        (trx) =>
          postTransferWithBalances(trx, {
            debitAccountId,
            creditAccountId: revenue,
            amount,
            kind: 'fee',
            description: 'gathered',
            externalRef: null,
            at: new Date().toISOString(),
          }),
        a.id,
        true,
      );
    // One turn, one lane: a and b share a round; c's guard refuses it; a's second waits for the next round.
    const posted = await Promise.all([charge(a.id, 10), charge(b.id, 20), charge(c.id, c.balance + 1), charge(a.id, 5)]);
    expect(writer.stats.batches - before.batches).toBe(1);
    expect(posted.map((p) => p && [p.debitBalance, p.creditBalance])).toEqual([
      [a.balance - 10, 10],
      [b.balance - 20, 30],
      null,
      [a.balance - 15, 35],
    ]);
    const ids = posted.flatMap((p) => (p ? [p.id] : []));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    const rows = await db()
      .db.selectFrom('transfers')
      .select(['id', 'debit_account_id', 'amount'])
      .where('credit_account_id', '=', revenue)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [Number(r.id), Number(r.debit_account_id), Number(r.amount)])).toEqual([
      [ids[0], a.id, 10],
      [ids[1], b.id, 20],
      [ids[2], a.id, 5],
    ]);
    expect(await balanceOf(a.id)).toBe(a.balance - 15);
    expect(await balanceOf(c.id)).toBe(c.balance);
    expect(await balanceOf(revenue)).toBe(35);
  });

  it('posts any concurrent batch of transfers as posting them one by one would (property)', async () => {
    const revenue = await operatorAccountId(db().db, 'revenue-property', 'RUB', new Date().toISOString());
    const writer = ledgerWriter(db().db);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ account: fc.nat(3), amount: fc.integer({ min: 1, max: 60 }) }), { minLength: 2, maxLength: 12 }),
        async (ops) => {
          const accounts = await fundedAccounts(4, 100);
          const revenue0 = await balanceOf(revenue);
          // The model: one by one, in the order they came.
          const left = accounts.map((x) => x.balance);
          let credited = revenue0;
          const expected = ops.map(({ account, amount }) => {
            if ((left[account] ?? 0) < amount) return null;
            left[account] = (left[account] ?? 0) - amount;
            credited += amount;
            return [left[account], credited];
          });
          const posted = await Promise.all(
            ops.map(({ account, amount }) =>
              writer.write(
                (trx) =>
                  postTransferWithBalances(trx, {
                    debitAccountId: accounts[account]?.id ?? 0,
                    creditAccountId: revenue,
                    amount,
                    kind: 'fee',
                    description: 'property',
                    externalRef: null,
                    at: new Date().toISOString(),
                  }),
                accounts[0]?.id,
                true,
              ),
            ),
          );
          expect(posted.map((p) => p && [p.debitBalance, p.creditBalance])).toEqual(expected);
          for (const [i, x] of accounts.entries()) expect(await balanceOf(x.id)).toBe(left[i]);
          expect(await balanceOf(revenue)).toBe(credited);
        },
      ),
      { numRuns: 25 },
    );
  });

  // Second, for the same reason: the batch runs without savepoints unless a write fails in it.
  it('refuses a charge the balance does not cover without undoing or running again the rest of its batch', async () => {
    const { deps, number, account } = await fundedLine();
    const charge = (amount: number, idempotencyKey: string) =>
      chargeBalance(deps, { number, amount, kind: 'fee', description: 'test', language: 'en', idempotencyKey }, demoActor);
    await charge(1, 'refusal-0'); // the line's accounts are cached: the next charges reach the writer in one turn
    const writer = ledgerWriter(db().db);
    const before = { ...writer.stats, balance: await balanceOf(account) };

    const results = await Promise.allSettled([charge(10, 'refusal-1'), charge(before.balance, 'refusal-2'), charge(20, 'refusal-3')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({ reason: { code: 'insufficient_funds' } });
    expect(writer.stats.batches - before.batches).toBe(1);
    expect(writer.stats.reruns - before.reruns).toBe(0);
    expect(await balanceOf(account)).toBe(before.balance - 30);
    // The refused key was not kept: the same request again is refused again, not replayed.
    await expect(charge(before.balance, 'refusal-2')).rejects.toMatchObject({ code: 'insufficient_funds' });
  });

  it('answers a repeated charge from its stored record without running a batch', async () => {
    const { deps, number, account } = await fundedLine();
    const charge = (amount: number) =>
      chargeBalance(deps, { number, amount, kind: 'fee', description: 'repeat', language: 'en', idempotencyKey: 'repeat-1' }, demoActor);
    const first = await charge(10);
    const writer = ledgerWriter(db().db);
    const before = { ...writer.stats, balance: await balanceOf(account) };

    const again = await charge(10);

    expect(again).toEqual({ result: first.result, replayed: true });
    expect(writer.stats.batches - before.batches).toBe(0);
    expect(await balanceOf(account)).toBe(before.balance);
    await expect(charge(11)).rejects.toMatchObject({ code: 'idempotency_mismatch' });
  });

  it('runs a clean batch without savepoints, and a batch with a refused write again with them', async () => {
    const [a] = await twoAccounts();
    const a0 = await balanceOf(a);
    // A lane of its own (spreadBy) that has not seen a failure yet.
    const lane = a + 1;
    const writer = ledgerWriter(db().db);
    let runs = 0;
    const add = (amount: number) => async (trx: Parameters<Parameters<typeof writer.write>[0]>[0]) => {
      runs++;
      await sql`update accounts set balance = balance + ${amount} where id = ${a}`.execute(trx);
      return amount;
    };
    expect(await Promise.all([writer.write(add(1), lane), writer.write(add(2), lane)])).toEqual([1, 2]);
    expect(runs).toBe(2);
    runs = 0;
    const refuse = async (trx: Parameters<ReturnType<typeof add>>[0]) => {
      await add(100)(trx);
      throw new Error('refused');
    };
    const results = await Promise.allSettled([writer.write(add(10), lane), writer.write(refuse, lane), writer.write(add(20), lane)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // 10 and then the refusal ran without savepoints, which undid the whole batch; then all three
    // with savepoints, where the refusal undid only its own +100.
    expect(runs).toBe(5);
    expect(await balanceOf(a)).toBe(a0 + 1 + 2 + 10 + 20);
  });

  it('commits the writes of one turn in one batch; a refused write undoes only its own changes', async () => {
    const [a, b] = await twoAccounts();
    const [a0, b0] = [await balanceOf(a), await balanceOf(b)];
    const writer = ledgerWriter(db().db);
    const before = { ...writer.stats };
    const add = (id: number, amount: number) => sql`update accounts set balance = balance + ${amount} where id = ${id}`;
    const results = await Promise.allSettled([
      writer.write(async (trx) => (await add(a, 1).execute(trx), 'one'), a),
      writer.write(async (trx) => {
        await add(a, 100).execute(trx);
        throw new Error('refused');
      }, a),
      writer.write(async (trx) => (await add(b, 1).execute(trx), 'three'), a),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await balanceOf(a)).toBe(a0 + 1);
    expect(await balanceOf(b)).toBe(b0 + 1);
    expect(writer.stats.writes - before.writes).toBe(3);
    expect(writer.stats.batches - before.batches).toBe(1);
  });

  if (kind === 'postgres')
    it('runs a batch again when PostgreSQL picks it as a deadlock victim', async () => {
      const [x, y] = await twoAccounts();
      const [x0, y0] = [await balanceOf(x), await balanceOf(y)];
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db().db)).rows[0]?.s ?? 'public';
      const other = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
      await other.connect();
      try {
        let attempts = 0;
        let xLocked!: () => void;
        const xIsLocked = new Promise<void>((resolve) => (xLocked = resolve));
        let openGate!: () => void;
        const gate = new Promise<void>((resolve) => (openGate = resolve));
        const write = ledgerWriter(db().db).write(async (trx) => {
          attempts++;
          await sql`update accounts set balance = balance + 1 where id = ${x}`.execute(trx);
          xLocked();
          await gate;
          await sql`update accounts set balance = balance + 1 where id = ${y}`.execute(trx);
          return attempts;
        });
        await xIsLocked;
        await other.query('begin');
        await other.query('update accounts set balance = balance + 10 where id = $1', [y]);
        openGate(); // the batch now waits for y, which `other` holds
        await new Promise((resolve) => setTimeout(resolve, 200));
        // `other` now waits for x, which the batch holds: a cycle; the batch waited first, so its
        // deadlock check (deadlock_timeout, 1 s) fires first and PostgreSQL aborts its statement.
        await other.query('update accounts set balance = balance + 10 where id = $1', [x]);
        await other.query('commit');
        expect(await write).toBe(2);
        expect(await balanceOf(x)).toBe(x0 + 11);
        expect(await balanceOf(y)).toBe(y0 + 11);
      } finally {
        await other.end();
      }
    });
});
