/** SQL for stored credentials: web passwords of lines, staff users, gateway clients. Hashes only. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, GatewayClientsTable, StaffUsersTable } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type StaffRow = Selectable<StaffUsersTable>;
export type GatewayRow = Selectable<GatewayClientsTable>;

/** The line id and web password hash behind a number, in one query (the same work whether or not it exists). */
export async function findWebLogin(db: Db, number: string): Promise<{ lineId: number; passwordHash: string } | undefined> {
  const row = await db
    .selectFrom('web_credentials')
    .innerJoin('lines', 'lines.id', 'web_credentials.line_id')
    .select(['web_credentials.line_id', 'web_credentials.password_hash'])
    .where('lines.number', '=', number)
    .executeTakeFirst();
  return row && { lineId: Number(row.line_id), passwordHash: row.password_hash };
}

export async function findWebPasswordHash(db: Db, lineId: number): Promise<string | undefined> {
  const row = await db.selectFrom('web_credentials').select('password_hash').where('line_id', '=', lineId).executeTakeFirst();
  return row?.password_hash;
}

/** Sets (or replaces) the web password of a line. */
export async function upsertWebPassword(db: Db, lineId: number, passwordHash: string, at: string): Promise<void> {
  await db
    .insertInto('web_credentials')
    .values({ line_id: lineId, password_hash: passwordHash, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('line_id').doUpdateSet({ password_hash: passwordHash, updated_at: at }))
    .execute();
}

export async function findStaffByLogin(db: Db, login: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff_users').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function insertStaff(db: Db, staff: Omit<StaffRow, 'id' | 'disabled'>): Promise<number> {
  const row = await db
    .insertInto('staff_users')
    .values({ ...staff, disabled: 0 })
    .onConflict((oc) => oc.column('login').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : 0;
}

export async function findGatewayByName(db: Db, name: string): Promise<GatewayRow | undefined> {
  return db.selectFrom('gateway_clients').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertGateway(db: Db, gateway: Omit<GatewayRow, 'id' | 'disabled'>): Promise<number> {
  const row = await db
    .insertInto('gateway_clients')
    .values({ ...gateway, disabled: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : 0;
}
