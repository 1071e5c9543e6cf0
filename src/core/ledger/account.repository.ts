/**
 * Ledger accounts and transfers (the money core builds on this). A transfer moves an amount from a
 * debit account to a credit account; the debit is guarded by the account's floor in the same
 * UPDATE statement, never by a read in application code.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AccountsTable, Database } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import { queryOn, rawPgOf } from '../../db/pg-raw.ts';
import { rawSqliteOf } from '../../db/sqlite-driver.ts';
import { sqliteAccountBalance, sqlitePostTransfer } from './sqlite-hot-path.repository.ts';
import { gatheredTransfer } from './transfer-gathering.repository.ts';

type Db = Kysely<Database>;

/** `promised-credit` is the promised-payment credit (billing); monthly purchase-limit accounts have their own kind (`purchaseLimitKind`). */
export const LINE_ACCOUNT_KINDS = ['main', 'points', 'promised-credit'] as const;
export type LineAccountKind = (typeof LINE_ACCOUNT_KINDS)[number];

/** Operator accounts, created on first use. */
export const OPERATOR_ACCOUNTS = {
  revenue: 'revenue',
  openingBalances: 'opening-balances',
  loyaltyLiability: 'loyalty-liability',
  cashTerminalClearing: 'cash-terminal-clearing',
  cardClearing: 'card-clearing',
  voucherClearing: 'voucher-clearing',
  adjustments: 'agent-adjustments',
  promisedPaymentReceivable: 'promised-payment-receivable',
  fixedLineBilling: 'fixed-line-billing',
} as const;

export type LineBalances = { main: number; mainFloor: number | null; points: number };

export async function openLineAccount(
  db: Db,
  lineId: number,
  kind: LineAccountKind,
  unit: string,
  floor: number | null,
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values({ line_id: lineId, code: null, kind, unit, balance: 0, floor, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The id of an operator account, created (unbounded) on first use. */
export async function operatorAccountId(db: Db, code: string, unit: string, at: string): Promise<number> {
  await db
    .insertInto('accounts')
    .values({ line_id: null, code, kind: 'operator', unit, balance: 0, floor: null, created_at: at })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const row = await db.selectFrom('accounts').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function lineAccountId(db: Db, lineId: number, kind: LineAccountKind): Promise<number | undefined> {
  const row = await db.selectFrom('accounts').select('id').where('line_id', '=', lineId).where('kind', '=', kind).executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export async function lineBalances(db: Db, lineId: number): Promise<LineBalances> {
  const rows = await db.selectFrom('accounts').select(['kind', 'balance', 'floor']).where('line_id', '=', lineId).execute();
  const main = rows.find((r) => r.kind === 'main');
  return {
    main: Number(main?.balance ?? 0),
    mainFloor: main?.floor ?? null,
    points: Number(rows.find((r) => r.kind === 'points')?.balance ?? 0),
  };
}

export type TransferInput = {
  debitAccountId: number;
  creditAccountId: number;
  amount: number;
  kind: string;
  description: string | null;
  externalRef: string | null;
  at: string;
  /**
   * Money that is owed whatever the balance may take a line below its floor: opening balances, usage
   * that already happened, an expired promised payment turned into debt. Nothing else may.
   */
  ignoreFloor?: boolean;
};

/** Moves money; returns false (and changes nothing) when the debit would cross the floor. Run inside a transaction. */
export async function transfer(db: Db, t: TransferInput): Promise<boolean> {
  return (await postTransfer(db, t)) !== null;
}

/**
 * Moves money and returns the new transfer's id, or null (nothing changed) when the debit would
 * take the account's available balance (balance minus pending holds) below its floor. The guard
 * is the debit UPDATE itself. Run inside a transaction.
 */
export async function postTransfer(db: Db, t: TransferInput): Promise<number | null> {
  return (await postTransferWithBalances(db, t))?.id ?? null;
}

export type PostedTransfer = { id: number; debitBalance: number; creditBalance: number };

/** `postTransfer`, also returning both accounts' balances after it (saves a read on the hot paths). */
export async function postTransferWithBalances(db: Db, t: TransferInput): Promise<PostedTransfer | null> {
  if (!Number.isSafeInteger(t.amount) || t.amount <= 0) throw new Error(`transfer amount must be a positive integer, got ${t.amount}`);
  if (t.debitAccountId === t.creditAccountId) throw new Error('transfer debit and credit accounts must differ');
  const raw = rawSqliteOf(db);
  if (raw) return sqlitePostTransfer(raw, t);
  if (dialectOf(db as unknown as Kysely<unknown>) === 'postgres') return postgresPostTransfer(db, t);
  const debited = await db
    .updateTable('accounts')
    .set({ balance: sql`balance - ${t.amount}` })
    .where('id', '=', t.debitAccountId)
    .$if(!t.ignoreFloor, (q) =>
      q.where((eb) => eb.or([eb('floor', 'is', null), eb(sql`balance - reserved - ${t.amount}`, '>=', eb.ref('floor'))])),
    )
    .returning('balance')
    .executeTakeFirst();
  if (!debited) return null;
  const credited = await db
    .updateTable('accounts')
    .set({ balance: sql`balance + ${t.amount}` })
    .where('id', '=', t.creditAccountId)
    .returning('balance')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('transfers')
    .values({
      debit_account_id: t.debitAccountId,
      credit_account_id: t.creditAccountId,
      amount: t.amount,
      kind: t.kind,
      description: t.description,
      external_ref: t.externalRef,
      created_at: t.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), debitBalance: Number(debited.balance), creditBalance: Number(credited.balance) };
}

/**
 * PostgreSQL: the guarded debit, the credit and the transfer row in one statement (one round trip
 * instead of three); the credit and insert happen only when the guarded debit matched.
 */
async function postgresPostTransfer(db: Db, t: TransferInput): Promise<PostedTransfer | null> {
  const client = rawPgOf(db);
  if (client) {
    // Inside the ledger writer's batch: posted with the batch's other transfers when it gathers
    // them (`transfer-gathering.repository.ts`), else the same statement, prepared once per connection.
    const gathered = gatheredTransfer(client, t);
    if (gathered) return gathered;
    const { rows } = await queryOn<{ id: number | null; debit_balance: number | null; credit_balance: number | null }>(client, {
      name: t.ignoreFloor ? 'ledger_post_transfer_unguarded' : 'ledger_post_transfer',
      text: postgresTransferText(t.ignoreFloor ? 'true' : '(floor is null or balance - reserved - $3::bigint >= floor)'),
      values: [t.debitAccountId, t.creditAccountId, t.amount, t.kind, t.description, t.externalRef, t.at],
    });
    const row = rows[0];
    if (!row || row.id === null) return null;
    return { id: Number(row.id), debitBalance: Number(row.debit_balance), creditBalance: Number(row.credit_balance) };
  }
  const guard = t.ignoreFloor ? sql`true` : sql`(floor is null or balance - reserved - ${t.amount} >= floor)`;
  const result = await sql<{ id: number | null; debit_balance: number | null; credit_balance: number | null }>`
    with locked as (
      -- both rows locked in id order first, so two transfers in opposite directions cannot deadlock
      select id from accounts where id in (${t.debitAccountId}, ${t.creditAccountId}) order by id for update
    ), debited as (
      update accounts set balance = balance - ${t.amount}
      where id = ${t.debitAccountId} and ${guard} and (select count(*) from locked) = 2 returning balance
    ), credited as (
      update accounts set balance = balance + ${t.amount} where id = ${t.creditAccountId} and exists (select 1 from debited) returning balance
    ), posted as (
      insert into transfers (debit_account_id, credit_account_id, amount, kind, description, external_ref, created_at)
      select ${t.debitAccountId}, ${t.creditAccountId}, ${t.amount}, ${t.kind}, ${t.description}, ${t.externalRef}, ${t.at}
      where exists (select 1 from debited) and exists (select 1 from credited)
      returning id
    )
    select (select id from posted) as id, (select balance from debited) as debit_balance, (select balance from credited) as credit_balance`.execute(
    db,
  );
  const row = result.rows[0];
  if (!row || row.id === null) return null;
  return { id: Number(row.id), debitBalance: Number(row.debit_balance), creditBalance: Number(row.credit_balance) };
}

/** `postgresPostTransfer` with positional parameters ($1 debit, $2 credit, $3 amount, then kind, description, external ref, time). */
function postgresTransferText(guard: string): string {
  return `with locked as (
      select id from accounts where id in ($1::bigint, $2::bigint) order by id for update
    ), debited as (
      update accounts set balance = balance - $3::bigint
      where id = $1::bigint and ${guard} and (select count(*) from locked) = 2 returning balance
    ), credited as (
      update accounts set balance = balance + $3::bigint where id = $2::bigint and exists (select 1 from debited) returning balance
    ), posted as (
      insert into transfers (debit_account_id, credit_account_id, amount, kind, description, external_ref, created_at)
      select $1::bigint, $2::bigint, $3::bigint, $4::text, $5::text, $6::text, $7::text
      where exists (select 1 from debited) and exists (select 1 from credited)
      returning id
    )
    select (select id from posted) as id, (select balance from debited) as debit_balance, (select balance from credited) as credit_balance`;
}

export type AccountRow = {
  id: number;
  lineId: number | null;
  code: string | null;
  kind: string;
  unit: string;
  balance: number;
  reserved: number;
  floor: number | null;
};

const accountColumns = ['id', 'line_id', 'code', 'kind', 'unit', 'balance', 'reserved', 'floor'] as const;

function toAccount(r: Pick<Selectable<AccountsTable>, (typeof accountColumns)[number]>): AccountRow {
  return {
    id: Number(r.id),
    lineId: r.line_id === null ? null : Number(r.line_id),
    code: r.code,
    kind: r.kind,
    unit: r.unit,
    balance: Number(r.balance),
    reserved: Number(r.reserved),
    floor: r.floor === null ? null : Number(r.floor),
  };
}

/** Kind of the account that counts a postpaid line's mobile-purchase usage in one month (`purchase-limit:2026-11`). */
export function purchaseLimitKind(month: string): string {
  return `purchase-limit:${month}`;
}

/** The id of a line account of any kind, opened with `floor` on first use. Run inside a transaction. */
export async function ensureLineAccount(
  db: Db,
  lineId: number,
  kind: string,
  unit: string,
  floor: number | null,
  at: string,
): Promise<number> {
  const existing = await db.selectFrom('accounts').select('id').where('line_id', '=', lineId).where('kind', '=', kind).executeTakeFirst();
  if (existing) return Number(existing.id);
  await db
    .insertInto('accounts')
    .values({ line_id: lineId, code: null, kind, unit, balance: 0, floor, created_at: at })
    .onConflict((oc) => oc.columns(['line_id', 'kind']).doNothing())
    .execute();
  const row = await db.selectFrom('accounts').select('id').where('line_id', '=', lineId).where('kind', '=', kind).executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Every account of a line, oldest first. */
export async function listLineAccounts(db: Db, lineId: number): Promise<AccountRow[]> {
  const rows = await db.selectFrom('accounts').select(accountColumns).where('line_id', '=', lineId).orderBy('id').execute();
  return rows.map(toAccount);
}

/** Every operator account, by code. */
export async function listOperatorAccounts(db: Db): Promise<AccountRow[]> {
  const rows = await db.selectFrom('accounts').select(accountColumns).where('line_id', 'is', null).orderBy('code').execute();
  return rows.map(toAccount);
}

export async function findAccount(db: Db, id: number): Promise<AccountRow | undefined> {
  const row = await db.selectFrom('accounts').select(accountColumns).where('id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function findAccountByCode(db: Db, code: string): Promise<AccountRow | undefined> {
  const row = await db.selectFrom('accounts').select(accountColumns).where('code', '=', code).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** An operator account and its shards (`code`, `code#1`, ...). */
export async function findOperatorAccountShards(db: Db, code: string): Promise<AccountRow[]> {
  const rows = await db
    .selectFrom('accounts')
    .select(accountColumns)
    .where('line_id', 'is', null)
    .where((eb) => eb.or([eb('code', '=', code), eb('code', 'like', `${code}#%`)]))
    .orderBy('id')
    .execute();
  return rows.map(toAccount);
}

/** The posted balance of an account (0 for an unknown one). */
export async function accountBalance(db: Db, id: number): Promise<number> {
  const raw = rawSqliteOf(db);
  if (raw) return sqliteAccountBalance(raw, id);
  const row = await db.selectFrom('accounts').select('balance').where('id', '=', id).executeTakeFirst();
  return Number(row?.balance ?? 0);
}

export type TransferRow = Omit<TransferInput, 'ignoreFloor'> & { id: number };

export async function findTransfer(db: Db, id: number): Promise<TransferRow | undefined> {
  const r = await db.selectFrom('transfers').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        id: Number(r.id),
        debitAccountId: Number(r.debit_account_id),
        creditAccountId: Number(r.credit_account_id),
        amount: Number(r.amount),
        kind: r.kind,
        description: r.description,
        externalRef: r.external_ref,
        at: r.created_at,
      }
    : undefined;
}

/** The postings of one account, newest first: `amount` is positive for a credit, negative for a debit. */
export async function listPostings(
  db: Db,
  accountIds: number[],
  limit: number,
  beforeId: number | undefined,
): Promise<{ transferId: number; at: string; kind: string; description: string | null; externalRef: string | null; amount: number }[]> {
  const rows = await db
    .selectFrom('transfers')
    .select(['id', 'created_at', 'kind', 'description', 'external_ref', 'amount', 'debit_account_id', 'credit_account_id'])
    .where((eb) => eb.or([eb('debit_account_id', 'in', accountIds), eb('credit_account_id', 'in', accountIds)]))
    .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId ?? 0))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    transferId: Number(r.id),
    at: r.created_at,
    kind: r.kind,
    description: r.description,
    externalRef: r.external_ref,
    // A transfer between two shards of one account nets to zero.
    amount:
      (accountIds.includes(Number(r.credit_account_id)) ? Number(r.amount) : 0) -
      (accountIds.includes(Number(r.debit_account_id)) ? Number(r.amount) : 0),
  }));
}

/** Sum of postings per account (credits minus debits): what every balance must equal. */
export async function sumPostingsByAccount(db: Db): Promise<Map<number, number>> {
  const credits = await db
    .selectFrom('transfers')
    .select(['credit_account_id as id', (eb) => eb.fn.sum<number>('amount').as('total')])
    .groupBy('credit_account_id')
    .execute();
  const debits = await db
    .selectFrom('transfers')
    .select(['debit_account_id as id', (eb) => eb.fn.sum<number>('amount').as('total')])
    .groupBy('debit_account_id')
    .execute();
  const sums = new Map<number, number>();
  for (const r of credits) sums.set(Number(r.id), (sums.get(Number(r.id)) ?? 0) + Number(r.total));
  for (const r of debits) sums.set(Number(r.id), (sums.get(Number(r.id)) ?? 0) - Number(r.total));
  return sums;
}

/** Every account (for invariant checks and reports). */
export async function listAllAccounts(db: Db): Promise<AccountRow[]> {
  const rows = await db.selectFrom('accounts').select(accountColumns).orderBy('id').execute();
  return rows.map(toAccount);
}
