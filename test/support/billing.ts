/** Billing test helpers: a top-up as the ledger's use case will do it (credit, then the billing hook), ledger checks, a second "process". */
import { sql } from 'kysely';
import { afterTopUp, type AfterTopUpResult } from '../../src/core/billing/after-top-up.ts';
import type { CoreDeps } from '../../src/core/context.ts';
import { lineAccountId, operatorAccountId, OPERATOR_ACCOUNTS, transfer } from '../../src/core/ledger/account.repository.ts';
import { requireLine } from '../../src/core/subscribers/require-line.ts';
import { openStorage, type Storage } from '../../src/db/connect.ts';
import { PG_URL } from './databases.ts';

/** Credits a line from the opening-balances account and runs the billing hook, in one transaction. */
export async function topUpForTest(deps: CoreDeps, number: string, amount: number): Promise<AfterTopUpResult> {
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now().toISOString();
    const line = await requireLine({ db: trx, profile: deps.profile }, number);
    const main = await lineAccountId(trx, line.id, 'main');
    const source = await operatorAccountId(trx, OPERATOR_ACCOUNTS.openingBalances, deps.profile.currency.code, at);
    await transfer(trx, {
      debitAccountId: source,
      creditAccountId: main!,
      amount,
      kind: 'top-up',
      description: 'test top-up',
      externalRef: null,
      at,
    });
    return afterTopUp(trx, deps, line.id);
  });
}

/** Every account's balance equals its postings, and the total over all accounts of a unit is zero. */
export async function ledgerProblems(storage: Storage): Promise<string[]> {
  const problems: string[] = [];
  const accounts = await storage.db.selectFrom('accounts').select(['id', 'unit', 'balance']).execute();
  const transfers = await storage.db.selectFrom('transfers').select(['debit_account_id', 'credit_account_id', 'amount']).execute();
  const sums = new Map<number, number>();
  for (const t of transfers) {
    sums.set(Number(t.debit_account_id), (sums.get(Number(t.debit_account_id)) ?? 0) - Number(t.amount));
    sums.set(Number(t.credit_account_id), (sums.get(Number(t.credit_account_id)) ?? 0) + Number(t.amount));
  }
  const totals = new Map<string, number>();
  for (const a of accounts) {
    if ((sums.get(Number(a.id)) ?? 0) !== Number(a.balance))
      problems.push(`account ${a.id}: balance ${a.balance} != postings ${sums.get(Number(a.id)) ?? 0}`);
    totals.set(a.unit, (totals.get(a.unit) ?? 0) + Number(a.balance));
  }
  for (const [unit, total] of totals) if (total !== 0) problems.push(`total of ${unit} is ${total}`);
  return problems;
}

/** A second connection to the same database, as a second app process would open it. */
export async function secondStorage(storage: Storage): Promise<Storage> {
  if (storage.kind === 'sqlite') return openStorage({ kind: 'sqlite', file: storage.sqlite!.name });
  const row = await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db);
  return openStorage({ kind: 'postgres', url: PG_URL, schema: row.rows[0]!.schema });
}
