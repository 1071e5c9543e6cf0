/** Row counts of every table including the channel tables: a write-nothing assertion compares two of these. */
import { channelDb } from '../../src/channels/channel-tables.ts';
import { countSessions } from '../../src/channels/ussd/ussd-session.repository.ts';
import type { Storage } from '../../src/db/connect.ts';
import { tableCounts } from './factories.ts';

export async function allTableCounts(storage: Storage): Promise<Record<string, number>> {
  const counts = await tableCounts(storage);
  const db = channelDb(storage.db);
  const row = await db
    .selectFrom('sms_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  counts.sms_messages = Number(row.n);
  // On SQLite sessions live in their own file beside the database.
  counts.ussd_sessions = await countSessions(storage.db);
  return counts;
}
