/**
 * Idempotent money writes (the Stripe rules). The first result of a key is stored in the same
 * transaction as the money it moved and replayed for the same key; the same key with a different
 * request is refused (`idempotency_mismatch`); a duplicate arriving while the first is still
 * running gets `idempotency_in_flight` in this process, and across processes waits on the key's
 * unique index and then replays. Keys are kept at least 24 hours (`purgeIdempotencyKeys`).
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import {
  deleteIdempotencyRecordsBefore,
  findIdempotencyRecord,
  insertIdempotencyRecord,
  type IdempotencyRecord,
} from './idempotency.repository.ts';
import { ledgerWriter } from './ledger-writer.ts';

/** What makes two requests "the same": the key, plus the operation and its content to compare. */
export type IdempotencyInput = {
  key: string;
  operation: string;
  payload: unknown;
  /** The line account the work is about: lets writes of different lines commit in parallel (`LedgerWriter.write`). */
  spreadBy?: number;
  /** The work may run beside the other writes of its batch (`LedgerWriter.write`'s `concurrent`). */
  concurrent?: boolean;
};
export type Idempotent<T> = { result: T; replayed: boolean };

/**
 * The request's key record, for a work that can store it in one of its own statements (saving the
 * statement `runIdempotent` would otherwise run after it): `record(result)` is the row to store,
 * and the work says with `stored(fresh)` whether it went in (false: the key was taken meanwhile,
 * and nothing of the work may stay, exactly as when `runIdempotent` finds it taken).
 */
export type KeyRecord = { record(result: unknown): IdempotencyRecord; stored(fresh: boolean): void };

/**
 * What a work returns, instead of throwing, when it refuses the request before writing anything (a
 * guarded transfer that did not match): the other writes of its batch go on, neither undone nor run
 * again, the key is not stored, and `runIdempotent` throws `error` once the batch is committed.
 */
export class Refusal {
  constructor(readonly error: AppError) {}
}

export type IdempotentWork<T> = (db: Kysely<Database>, key: KeyRecord) => Promise<T | Refusal>;

/** Keys are kept at least this long. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

const inFlight = new WeakMap<Kysely<Database>, Set<string>>();

/**
 * Keys this process stored lately (a hint: the stored record is the truth). A repeat of one is
 * answered from its record without entering the ledger writer, where finding its key taken would
 * undo the batch it joined and run it again with savepoints (a payment terminal or a billing
 * system repeating a request it had no answer to is common).
 */
const storedHere = new WeakMap<Kysely<Database>, Set<string>>();
const STORED_HERE_MAX = 100_000;

function storedKeysOf(db: Kysely<Database>): Set<string> {
  let keys = storedHere.get(db);
  if (!keys) {
    keys = new Set();
    storedHere.set(db, keys);
  }
  return keys;
}

class KeyTaken extends Error {}

/** Runs `work` once per idempotency key through the ledger writer; replays the stored result for a repeat. */
export async function runIdempotent<T>(deps: CoreDeps, idem: IdempotencyInput, work: IdempotentWork<T>): Promise<Idempotent<T>> {
  const requestHash = hashRequest(idem.operation, idem.payload);
  let keys = inFlight.get(deps.db);
  if (!keys) {
    keys = new Set();
    inFlight.set(deps.db, keys);
  }
  if (keys.has(idem.key)) throw new AppError('idempotency_in_flight', `key ${idem.key} is in flight`);
  keys.add(idem.key);
  try {
    const stored = storedKeysOf(deps.db);
    if (stored.has(idem.key)) {
      const again = await replay<T>(deps.db, idem.key, requestHash);
      if (again) return again;
      stored.delete(idem.key); // purged since: a new request
    }
    // Happy path: the work, then the key, in one transaction (one statement for idempotency). A
    // repeat finds the key taken (PostgreSQL waits for the first holder's commit) and rolls back;
    // a refused repeat (the balance changed since) is told apart by looking the key up.
    const written = await ledgerWriter(deps.db).write(
      async (trx): Promise<Idempotent<T> | Refusal> => {
        const record = (result: unknown): IdempotencyRecord => ({
          key: idem.key,
          requestHash,
          statusCode: 200,
          response: JSON.stringify(result),
          createdAt: deps.clock.now().toISOString(),
        });
        // Whether the work stored the key itself: undefined (no), true (stored), false (taken).
        let storedByWork: boolean | undefined;
        let value: T | Refusal;
        try {
          value = await work(trx, { record, stored: (fresh) => (storedByWork = fresh) });
        } catch (error) {
          if (await findIdempotencyRecord(trx, idem.key)) throw new KeyTaken();
          throw error;
        }
        if (value instanceof Refusal) {
          if (await findIdempotencyRecord(trx, idem.key)) throw new KeyTaken();
          return value;
        }
        const fresh = storedByWork ?? (await insertIdempotencyRecord(trx, record(value)));
        if (!fresh) throw new KeyTaken();
        return { result: value, replayed: false };
      },
      idem.spreadBy,
      idem.concurrent,
    );
    if (written instanceof Refusal) throw written.error;
    if (stored.size >= STORED_HERE_MAX) stored.clear();
    stored.add(idem.key);
    return written;
  } catch (error) {
    if (!(error instanceof KeyTaken)) throw error;
    // Another process stored the key first (PostgreSQL waited for its commit): answer with its result.
    const again = await replay<T>(deps.db, idem.key, requestHash);
    if (!again) throw new AppError('idempotency_in_flight', `key ${idem.key} taken but not readable`);
    return again;
  } finally {
    keys.delete(idem.key);
  }
}

async function replay<T>(db: Kysely<Database>, key: string, requestHash: string): Promise<Idempotent<T> | undefined> {
  const record = await findIdempotencyRecord(db, key);
  if (!record) return undefined;
  if (record.requestHash !== requestHash) throw new AppError('idempotency_mismatch', `key ${key} reused with another request`);
  return { result: JSON.parse(record.response) as T, replayed: true };
}

/**
 * A stable hash of an operation and its content (object keys sorted): SHA-256 of
 * `JSON.stringify([operation, payload])` with every object's keys in order, written out directly
 * (one string, no sorted copies of the objects) and hashed in one call.
 */
export function hashRequest(operation: string, payload: unknown): string {
  return crypto.hash('sha256', `[${JSON.stringify(operation)},${canonicalJson(payload)}]`, 'hex');
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;
const isArrayIndex = (key: string) => ARRAY_INDEX.test(key) && Number(key) < 4_294_967_295;

/**
 * Object keys in the order a sorted copy of the object would list them: JavaScript puts
 * array-index keys ("0", "12") first in numeric order, then the others in sorted order.
 */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object).sort();
  if (!keys.some(isArrayIndex)) return keys;
  const indexes = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((k) => !isArrayIndex(k))];
}

/** `JSON.stringify(value)` with object keys sorted; undefined members left out, as JSON.stringify does. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of sortedKeys(object)) {
      const v = object[key];
      if (v !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
    }
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Forgets keys older than the retention (never less than 24 hours); returns how many. For a scheduler. */
export async function purgeIdempotencyKeys(deps: CoreDeps, retentionHours = IDEMPOTENCY_RETENTION_HOURS): Promise<number> {
  const hours = Math.max(retentionHours, IDEMPOTENCY_RETENTION_HOURS);
  const before = new Date(deps.clock.now().getTime() - hours * 3_600_000).toISOString();
  return ledgerWriter(deps.db).write((trx) => deleteIdempotencyRecordsBefore(trx, before));
}
