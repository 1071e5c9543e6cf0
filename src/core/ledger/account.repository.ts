/**
 * Ledger accounts and transfers (the money core builds on this). A transfer moves an amount from a
 * debit account to a credit account; the debit is guarded by the account's floor in the same
 * UPDATE statement, never by a read in application code.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export const LINE_ACCOUNT_KINDS = ['main', 'points'] as const;
export type LineAccountKind = (typeof LINE_ACCOUNT_KINDS)[number];

/** Operator accounts, created on first use. */
export const OPERATOR_ACCOUNTS = {
  revenue: 'revenue',
  openingBalances: 'opening-balances',
  loyaltyLiability: 'loyalty-liability',
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
  /** Opening balances may take a line below its floor; nothing else may. */
  ignoreFloor?: boolean;
};

/** Moves money; returns false (and changes nothing) when the debit would cross the floor. Run inside a transaction. */
export async function transfer(db: Db, t: TransferInput): Promise<boolean> {
  if (!Number.isSafeInteger(t.amount) || t.amount <= 0) throw new Error(`transfer amount must be a positive integer, got ${t.amount}`);
  const debited = await db
    .updateTable('accounts')
    .set({ balance: sql`balance - ${t.amount}` })
    .where('id', '=', t.debitAccountId)
    .$if(!t.ignoreFloor, (q) => q.where((eb) => eb.or([eb('floor', 'is', null), eb(sql`balance - ${t.amount}`, '>=', eb.ref('floor'))])))
    .executeTakeFirst();
  if (Number(debited.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('accounts')
    .set({ balance: sql`balance + ${t.amount}` })
    .where('id', '=', t.creditAccountId)
    .execute();
  await db
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
    .execute();
  return true;
}
