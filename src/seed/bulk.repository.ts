/**
 * Bulk loading for the synthetic seeder: the fastest correct way to append many rows on each engine.
 * SQLite: one prepared statement per table inside one transaction per batch. PostgreSQL: one
 * `INSERT ... SELECT FROM unnest(...)` per table and batch (a handful of parameters, any row count).
 * Rows carry explicit ids; `finish` moves PostgreSQL's identity sequences past them.
 */
import { sql } from 'kysely';
import type { Storage } from '../db/connect.ts';

export type Column = { name: string; pgType: 'bigint' | 'text' };
export type TableSpec = { table: string; columns: Column[] };
export type Row = (string | number | null)[];

export const TABLES = {
  customers: spec('customers', ['id:bigint', 'kind', 'name', 'region', 'created_at']),
  lines: spec('lines', [
    'id:bigint',
    'customer_id:bigint',
    'number',
    'segment',
    'payment_type',
    'line_type',
    'status',
    'language',
    'tariff_id',
    'created_at',
    'updated_at',
  ]),
  tariff_history: spec('tariff_history', ['line_id:bigint', 'tariff_id', 'valid_from', 'valid_to']),
  line_services: spec('line_services', ['line_id:bigint', 'service_id', 'activated_at', 'deactivated_at']),
  accounts: spec('accounts', ['id:bigint', 'line_id:bigint', 'kind', 'unit', 'balance:bigint', 'floor:bigint', 'created_at']),
  transfers: spec('transfers', [
    'debit_account_id:bigint',
    'credit_account_id:bigint',
    'amount:bigint',
    'kind',
    'description',
    'created_at',
  ]),
} as const;
export type TableName = keyof typeof TABLES;

function spec(table: string, columns: string[]): TableSpec {
  return { table, columns: columns.map((c) => ({ name: c.split(':')[0] ?? c, pgType: c.endsWith(':bigint') ? 'bigint' : 'text' })) };
}

export type BulkBatch = Partial<Record<TableName, Row[]>>;

export async function nextIds(storage: Storage): Promise<{ customer: number; line: number; account: number }> {
  const max = async (table: 'customers' | 'lines' | 'accounts') => {
    const row = await storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst();
    return Number(row?.m ?? 0) + 1;
  };
  return { customer: await max('customers'), line: await max('lines'), account: await max('accounts') };
}

/** The largest existing number that starts with `prefix`, or undefined. */
export async function maxNumberWithPrefix(storage: Storage, prefix: string): Promise<string | undefined> {
  const row = await storage.db
    .selectFrom('lines')
    .select((eb) => eb.fn.max('number').as('m'))
    .where('number', 'like', `${prefix}%`)
    .executeTakeFirst();
  return row?.m ?? undefined;
}

/** Writes one batch of rows, all tables in one transaction, parents before children. */
export async function writeBatch(storage: Storage, batch: BulkBatch): Promise<void> {
  const order: TableName[] = ['customers', 'lines', 'tariff_history', 'line_services', 'accounts', 'transfers'];
  if (storage.sqlite) {
    const handle = storage.sqlite;
    const statements = order.map((name) => {
      const s = TABLES[name];
      return [
        name,
        handle.prepare(
          `insert into ${s.table} (${s.columns.map((c) => c.name).join(', ')}) values (${s.columns.map(() => '?').join(', ')})`,
        ),
      ] as const;
    });
    handle.transaction(() => {
      for (const [name, statement] of statements) for (const row of batch[name] ?? []) statement.run(row);
    })();
    return;
  }
  await storage.db.transaction().execute(async (trx) => {
    for (const name of order) {
      const rows = batch[name];
      if (!rows || rows.length === 0) continue;
      const s = TABLES[name];
      const arrays = s.columns.map((column, i) => sql`${rows.map((r) => r[i] ?? null)}::${sql.raw(column.pgType)}[]`);
      await sql`insert into ${sql.table(s.table)} (${sql.join(s.columns.map((c) => sql.ref(c.name)))}) select * from unnest(${sql.join(arrays)})`.execute(
        trx,
      );
    }
  });
}

/** After explicit ids: PostgreSQL identity sequences continue after the largest id. */
export async function finish(storage: Storage): Promise<void> {
  if (storage.kind !== 'postgres') return;
  for (const table of ['customers', 'lines', 'accounts']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select coalesce(max(id), 1) from ${sql.table(table)}))`.execute(
      storage.db,
    );
  }
}

/** Sets an account's balance to the sum of its postings (the operator's opening account after a bulk load). */
export async function recomputeBalance(storage: Storage, accountId: number): Promise<void> {
  await sql`update accounts set balance =
      (select coalesce(sum(amount), 0) from transfers where credit_account_id = ${accountId})
    - (select coalesce(sum(amount), 0) from transfers where debit_account_id = ${accountId})
    where id = ${accountId}`.execute(storage.db);
}
