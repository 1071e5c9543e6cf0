/** SQL for customers and lines. */
import type { CompiledQuery, Kysely } from 'kysely';
import type { CustomerRow, Database, LineRow } from '../../db/schema.ts';
import { idleSqliteHandleOf, preparedOn, rawSqliteOf } from '../../db/sqlite-driver.ts';

type Db = Kysely<Database>;

export async function findLineByNumber(db: Db, number: string): Promise<LineRow | undefined> {
  return db.selectFrom('lines').selectAll().where('number', '=', number).executeTakeFirst();
}

const lineLanguageQueries = new WeakMap<Db, CompiledQuery<{ language: string }>>();

/**
 * The language of the line with this E.164 number, or undefined when there is no such line: all a
 * channel needs before its first reply (a USSD dial, an SMS command). The query is built and
 * compiled once per database handle; building it per call cost twice the statement itself.
 */
export async function findLineLanguage(db: Db, number: string): Promise<string | undefined> {
  const raw = rawSqliteOf(db) ?? idleSqliteHandleOf(db);
  if (raw)
    return (preparedOn(raw, 'select language from lines where number = ?').get(number) as { language: string } | undefined)?.language;
  let query = lineLanguageQueries.get(db);
  if (!query) {
    query = db.selectFrom('lines').select('language').where('number', '=', '').compile();
    lineLanguageQueries.set(db, query);
  }
  const bound: CompiledQuery<{ language: string }> = { ...query, parameters: [number] };
  const { rows } = await db.executeQuery(bound);
  return rows[0]?.language;
}

/** The language of the line with this id, or undefined when there is none (on a held SQLite connection, a statement prepared once). */
export async function findLineLanguageById(db: Db, id: number): Promise<string | undefined> {
  const raw = rawSqliteOf(db);
  if (raw) return (preparedOn(raw, 'select language from lines where id = ?').get(id) as { language: string } | undefined)?.language;
  return (await db.selectFrom('lines').select('language').where('id', '=', id).executeTakeFirst())?.language;
}

export async function findCustomer(db: Db, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countCustomers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertCustomer(
  db: Db,
  customer: { kind: CustomerRow['kind']; name: string; region: string | null; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('customers')
    .values({ kind: customer.kind, name: customer.name, region: customer.region, created_at: customer.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertLine(db: Db, line: Omit<LineRow, 'id'>): Promise<number> {
  const row = await db.insertInto('lines').values(line).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setLineTariff(db: Db, lineId: number, tariffId: string, at: string): Promise<void> {
  await db.updateTable('lines').set({ tariff_id: tariffId, updated_at: at }).where('id', '=', lineId).execute();
}

export async function listBlockedNumbers(db: Db, lineId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('blocked_numbers')
    .select('number')
    .where('line_id', '=', lineId)
    .orderBy('added_at')
    .orderBy('number')
    .execute();
  return rows.map((r) => r.number);
}

export async function addBlockedNumber(db: Db, lineId: number, number: string, at: string): Promise<void> {
  await db
    .insertInto('blocked_numbers')
    .values({ line_id: lineId, number, added_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
