/** Closes an agent's open interaction: from then on the agent may no longer act on the line. */
import { writeAudit } from '../audit/audit.repository.ts';
import type { CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { closeInteractionRow, findInteraction } from './interaction.repository.ts';
import { actorOf, authorize, type Principal } from './policy.ts';

export type CloseInteractionInput = { id: number };

export async function closeInteraction(
  deps: CoreDeps,
  principal: Principal | null,
  input: CloseInteractionInput,
): Promise<{ id: number; closedAt: string }> {
  const agent = authorize(principal, 'interaction.open');
  const interaction = await findInteraction(deps.db, input.id);
  const now = deps.clock.now().toISOString();
  if (!interaction || agent.staffId === null || !(await closeInteractionRow(deps.db, input.id, agent.staffId, now))) {
    throw new AppError('not_found', `no open interaction ${input.id} of ${agent.id}`);
  }
  await writeAudit(deps.db, actorOf(agent, input.id), deps.clock.now(), {
    action: 'interaction.close',
    subjectType: 'interaction',
    subjectId: String(input.id),
    lineId: interaction.lineId,
    before: { closedAt: null },
    after: { closedAt: now },
  });
  return { id: input.id, closedAt: now };
}
