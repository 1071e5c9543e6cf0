/** SQL for the business cabinet: line PUK hashes, applications, a company's customer and lines. */
import type { Kysely, Selectable } from 'kysely';
import type { BusinessApplicationsTable, CustomerRow, Database, LineRow } from '../../db/schema.ts';

type Db = Kysely<Database>;
export type ApplicationRow = Selectable<BusinessApplicationsTable>;

/** The line behind a number and its PUK hash, in one query (the same work whether or not either exists). */
export async function findLineWithPuk(db: Db, number: string): Promise<{ line: LineRow; pukHash: string | null } | undefined> {
  const row = await db
    .selectFrom('lines')
    .leftJoin('line_puks', 'line_puks.line_id', 'lines.id')
    .selectAll('lines')
    .select('line_puks.puk_hash')
    .where('lines.number', '=', number)
    .executeTakeFirst();
  if (!row) return undefined;
  const { puk_hash, ...line } = row;
  return { line, pukHash: puk_hash };
}

/** Stores a line's PUK hash unless it has one. */
export async function insertPukHash(db: Db, lineId: number, pukHash: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('line_puks')
    .values({ line_id: lineId, puk_hash: pukHash, updated_at: at })
    .onConflict((oc) => oc.column('line_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function hasPuk(db: Db, lineId: number): Promise<boolean> {
  const row = await db.selectFrom('line_puks').select('line_id').where('line_id', '=', lineId).executeTakeFirst();
  return row !== undefined;
}

export async function insertApplication(db: Db, application: Omit<ApplicationRow, 'id'>): Promise<number> {
  const row = await db.insertInto('business_applications').values(application).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findApplication(db: Db, id: number): Promise<ApplicationRow | undefined> {
  return db.selectFrom('business_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Applications, newest first; all of them when `status` is undefined. */
export async function listApplications(db: Db, status: ApplicationRow['status'] | undefined, limit: number): Promise<ApplicationRow[]> {
  let query = db.selectFrom('business_applications').selectAll().orderBy('id', 'desc').limit(limit);
  if (status !== undefined) query = query.where('status', '=', status);
  return query.execute();
}

/** Settles a pending application; false when it was no longer pending (a concurrent review). */
export async function settleApplication(
  db: Db,
  id: number,
  decision: { status: 'approved' | 'rejected'; reason: string | null; customerId: number | null; at: string; by: string },
): Promise<boolean> {
  const result = await db
    .updateTable('business_applications')
    .set({
      status: decision.status,
      reason: decision.reason,
      customer_id: decision.customerId,
      reviewed_at: decision.at,
      reviewed_by: decision.by,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The corporate customer with this name and region, if there is one. */
export async function findCorporateCustomer(db: Db, name: string, region: string): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('kind', '=', 'corporate')
    .where('name', '=', name)
    .where('region', '=', region)
    .orderBy('id')
    .executeTakeFirst();
}

/** Moves a line under another customer as a corporate line. */
export async function moveLineToCustomer(db: Db, lineId: number, customerId: number, at: string): Promise<void> {
  await db.updateTable('lines').set({ customer_id: customerId, segment: 'corporate', updated_at: at }).where('id', '=', lineId).execute();
}

export async function listCustomerLines(db: Db, customerId: number): Promise<LineRow[]> {
  return db.selectFrom('lines').selectAll().where('customer_id', '=', customerId).orderBy('number').execute();
}

/** Points a corporate admin at a company. */
export async function setStaffCustomer(db: Db, staffId: number, customerId: number): Promise<void> {
  await db.updateTable('staff_users').set({ customer_id: customerId }).where('id', '=', staffId).execute();
}

/** Gives a staff user a new password hash and enables it (the demo operator admin at each demo start). */
export async function setStaffPasswordHash(db: Db, staffId: number, passwordHash: string): Promise<void> {
  await db.updateTable('staff_users').set({ password_hash: passwordHash, disabled: 0 }).where('id', '=', staffId).execute();
}
