/** Row counts of every table including the channel tables: a write-nothing assertion compares two of these. */
import { channelDb } from '../../src/channels/channel-tables.ts';
import type { Storage } from '../../src/db/connect.ts';
import { tableCounts } from './factories.ts';

export async function allTableCounts(storage: Storage): Promise<Record<string, number>> {
  const counts = await tableCounts(storage);
  const db = channelDb(storage.db);
  for (const t of ['sms_messages', 'ussd_sessions'] as const) {
    const row = await db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[t] = Number(row.n);
  }
  return counts;
}
