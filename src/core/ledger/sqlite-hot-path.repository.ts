/**
 * The ledger's hottest statements on SQLite, run on the better-sqlite3 handle with statements
 * prepared once (Kysely's per-query cost is several times the statement's own). Same SQL meaning
 * as the Kysely versions in `account.repository.ts` and `idempotency.repository.ts`, which call these when their Kysely instance has a raw handle.
 */
import type SQLite from 'better-sqlite3';
import type { PostedTransfer, TransferInput } from './account.repository.ts';
import type { IdempotencyRecord } from './idempotency.repository.ts';

type Statements = ReturnType<typeof prepare>;

function prepare(db: SQLite.Database) {
  return {
    debitGuarded: db
      .prepare(
        'update accounts set balance = balance - ? where id = ? and (floor is null or balance - reserved - ? >= floor) returning balance',
      )
      .pluck(),
    debitUnguarded: db.prepare('update accounts set balance = balance - ? where id = ? returning balance').pluck(),
    credit: db.prepare('update accounts set balance = balance + ? where id = ? returning balance').pluck(),
    insertTransfer: db.prepare(
      'insert into transfers (debit_account_id, credit_account_id, amount, kind, description, external_ref, created_at) values (?, ?, ?, ?, ?, ?, ?)',
    ),
    balance: db.prepare('select balance from accounts where id = ?').pluck(),
    findKey: db.prepare('select key, request_hash, status_code, response, created_at from idempotency_keys where key = ?'),
    insertKey: db.prepare(
      'insert into idempotency_keys (key, request_hash, status_code, response, created_at) values (?, ?, ?, ?, ?) on conflict (key) do nothing',
    ),
  };
}

const cache = new WeakMap<SQLite.Database, Statements>();

function statements(db: SQLite.Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

export function sqlitePostTransfer(db: SQLite.Database, t: TransferInput): PostedTransfer | null {
  const s = statements(db);
  const debitBalance = (
    t.ignoreFloor ? s.debitUnguarded.get(t.amount, t.debitAccountId) : s.debitGuarded.get(t.amount, t.debitAccountId, t.amount)
  ) as number | undefined;
  if (debitBalance === undefined) return null;
  const creditBalance = s.credit.get(t.amount, t.creditAccountId) as number | undefined;
  if (creditBalance === undefined) throw new Error(`no account ${t.creditAccountId}`);
  const id = Number(
    s.insertTransfer.run(t.debitAccountId, t.creditAccountId, t.amount, t.kind, t.description, t.externalRef, t.at).lastInsertRowid,
  );
  return { id, debitBalance: Number(debitBalance), creditBalance: Number(creditBalance) };
}

export function sqliteAccountBalance(db: SQLite.Database, id: number): number {
  return Number(statements(db).balance.get(id) ?? 0);
}

export function sqliteFindIdempotencyRecord(db: SQLite.Database, key: string): IdempotencyRecord | undefined {
  const r = statements(db).findKey.get(key) as
    { key: string; request_hash: string; status_code: number; response: string; created_at: string } | undefined;
  return r
    ? { key: r.key, requestHash: r.request_hash, statusCode: Number(r.status_code), response: r.response, createdAt: r.created_at }
    : undefined;
}

export function sqliteInsertIdempotencyRecord(db: SQLite.Database, r: IdempotencyRecord): boolean {
  return statements(db).insertKey.run(r.key, r.requestHash, r.statusCode, r.response, r.createdAt).changes === 1;
}
