/** Stored idempotency keys: the request's hash and the first response, kept at least 24 h. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { queryOn, rawPgOf } from '../../db/pg-raw.ts';
import { rawSqliteOf } from '../../db/sqlite-driver.ts';
import { sqliteFindIdempotencyRecord, sqliteInsertIdempotencyRecord } from './sqlite-hot-path.repository.ts';

type Db = Kysely<Database>;

export type IdempotencyRecord = { key: string; requestHash: string; statusCode: number; response: string; createdAt: string };

export async function findIdempotencyRecord(db: Db, key: string): Promise<IdempotencyRecord | undefined> {
  const raw = rawSqliteOf(db);
  if (raw) return sqliteFindIdempotencyRecord(raw, key);
  const r = await db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirst();
  return r
    ? { key: r.key, requestHash: r.request_hash, statusCode: Number(r.status_code), response: r.response, createdAt: r.created_at }
    : undefined;
}

/** Stores the first result; returns false when the key is already stored (another request won). */
export async function insertIdempotencyRecord(db: Db, r: IdempotencyRecord): Promise<boolean> {
  const raw = rawSqliteOf(db);
  if (raw) return sqliteInsertIdempotencyRecord(raw, r);
  const client = rawPgOf(db);
  if (client) {
    const { rowCount } = await queryOn(client, {
      name: 'ledger_insert_idempotency_key',
      text: 'insert into idempotency_keys (key, request_hash, status_code, response, created_at) values ($1, $2, $3, $4, $5) on conflict (key) do nothing',
      values: [r.key, r.requestHash, r.statusCode, r.response, r.createdAt],
    });
    return rowCount === 1;
  }
  const row = await db
    .insertInto('idempotency_keys')
    .values({ key: r.key, request_hash: r.requestHash, status_code: r.statusCode, response: r.response, created_at: r.createdAt })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets keys stored before `before`; returns how many. */
export async function deleteIdempotencyRecordsBefore(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
