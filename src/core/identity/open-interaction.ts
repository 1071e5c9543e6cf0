/** Opens a contact-center interaction of an agent with a line: the agent may act on the line until it is closed. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { Channel, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { requireLine } from '../subscribers/require-line.ts';
import { insertInteraction } from './interaction.repository.ts';
import { actorOf, authorize, type Principal } from './policy.ts';

export type OpenInteractionInput = { number: string; channel: Channel };

export async function openInteraction(
  deps: CoreDeps,
  principal: Principal | null,
  input: OpenInteractionInput,
): Promise<{ id: number; number: string; openedAt: string }> {
  const agent = authorize(principal, 'interaction.open');
  if (agent.staffId === null) throw new AppError('forbidden', 'interaction without a staff user');
  const line = await requireLine(deps, input.number);
  const now = deps.clock.now();
  const id = await insertInteraction(deps.db, agent.staffId, line.id, input.channel, now.toISOString());
  await writeAudit(deps.db, actorOf(agent, id), now, {
    action: 'interaction.open',
    subjectType: 'line',
    subjectId: line.number,
    lineId: line.id,
    before: null,
    after: { interactionId: id, channel: input.channel },
  });
  return { id, number: line.number, openedAt: now.toISOString() };
}
