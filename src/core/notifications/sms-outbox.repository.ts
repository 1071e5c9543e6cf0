/** SQL for the SMS outbox: messages waiting for a gateway. */
import type { CompiledQuery, Kysely, Selectable } from 'kysely';
import type { Database, SmsOutboxTable } from '../../db/schema.ts';
import { dialectOf } from '../../db/dialect.ts';
import { preparedOn, rawSqliteOf } from '../../db/sqlite-driver.ts';

type Db = Kysely<Database>;

export type OutboxRow = Selectable<SmsOutboxTable>;

const enqueueQueries = new WeakMap<Db, CompiledQuery>();
const ENQUEUE_SQL = 'insert into sms_outbox (line_id, to_number, language, template, text, created_at) values (?, ?, ?, ?, ?, ?)';

/** Queues an SMS. The insert is built and compiled once per database handle: every charge queues a receipt. */
export async function enqueueSms(
  db: Db,
  sms: { lineId: number | null; to: string; language: string; template: string; text: string; at: string },
): Promise<void> {
  const values = [sms.lineId, sms.to, sms.language, sms.template, sms.text, sms.at];
  const raw = rawSqliteOf(db);
  if (raw) {
    // Inside a batch that holds the SQLite connection (a charge): straight on the handle.
    preparedOn(raw, ENQUEUE_SQL).run(values);
    return;
  }
  let query = enqueueQueries.get(db);
  if (!query) {
    query = db
      .insertInto('sms_outbox')
      .values({ line_id: 0, to_number: '', language: '', template: '', text: '', created_at: '' })
      .compile();
    enqueueQueries.set(db, query);
  }
  await db.executeQuery({ ...query, parameters: values });
}

export async function listOutboxForLine(db: Db, lineId: number): Promise<OutboxRow[]> {
  return db.selectFrom('sms_outbox').selectAll().where('line_id', '=', lineId).orderBy('id').execute();
}

/**
 * Claims up to `limit` rows to send, oldest first: pending ones (a row waiting to be tried again
 * only once its time has come), and ones claimed before `staleBefore` and never finished (their
 * process stopped). Two dispatchers never get the same row:
 * the claim is one UPDATE (PostgreSQL skips rows another claim has locked).
 */
export async function claimOutbox(db: Db, limit: number, now: string, staleBefore: string): Promise<OutboxRow[]> {
  let due = db
    .selectFrom('sms_outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<=', now)])]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', staleBefore)]),
      ]),
    )
    .orderBy('id')
    .limit(limit);
  if (dialectOf(db as unknown as Kysely<unknown>) === 'postgres') due = due.forUpdate().skipLocked();
  const rows = await db
    .updateTable('sms_outbox')
    .set({ status: 'sending', claimed_at: now })
    .where('id', 'in', due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Records how a claimed row ended: sent (handed to the gateway) or failed, with the outbound SMS it became. */
export async function finishOutbox(db: Db, id: number, status: 'sent' | 'failed', smsId: number | null): Promise<void> {
  await db.updateTable('sms_outbox').set({ status, sms_id: smsId }).where('id', '=', id).where('status', '=', 'sending').execute();
}

/** Puts a claimed row back to pending after a failed pass, to be tried again from `notBefore`. */
export async function retryOutboxLater(db: Db, id: number, notBefore: string): Promise<void> {
  await db
    .updateTable('sms_outbox')
    .set((eb) => ({ status: 'pending', claimed_at: notBefore, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}
