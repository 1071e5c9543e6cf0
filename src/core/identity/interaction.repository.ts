/** SQL for contact-center interactions: an agent acts on a line only while one is open. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type InteractionView = { id: number; agentId: number; lineId: number; channel: string; openedAt: string; closedAt: string | null };

export async function insertInteraction(db: Db, agentId: number, lineId: number, channel: string, at: string): Promise<number> {
  const row = await db
    .insertInto('interactions')
    .values({ agent_id: agentId, line_id: lineId, channel, opened_at: at, closed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findOpenInteraction(db: Db, agentId: number, lineId: number): Promise<InteractionView | undefined> {
  const row = await db
    .selectFrom('interactions')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('line_id', '=', lineId)
    .where('closed_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row && view(row);
}

export async function findInteraction(db: Db, id: number): Promise<InteractionView | undefined> {
  const row = await db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && view(row);
}

/** Closes an open interaction of this agent; false when there was none. */
export async function closeInteractionRow(db: Db, id: number, agentId: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('interactions')
    .set({ closed_at: at })
    .where('id', '=', id)
    .where('agent_id', '=', agentId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function view(row: {
  id: number;
  agent_id: number;
  line_id: number;
  channel: string;
  opened_at: string;
  closed_at: string | null;
}): InteractionView {
  return {
    id: Number(row.id),
    agentId: Number(row.agent_id),
    lineId: Number(row.line_id),
    channel: row.channel,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
  };
}
