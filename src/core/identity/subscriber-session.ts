/** Opens a session for a subscriber line (web or API), or a short one at a payment terminal. */
import type { LineRow } from '../../db/schema.ts';
import type { Channel, CoreDeps } from '../context.ts';
import { identityRules } from './identity-deps.ts';
import { issueSession, type SessionGrant } from './session.ts';

export async function openSubscriberSession(
  deps: Pick<CoreDeps, 'db' | 'clock' | 'profile'>,
  line: LineRow,
  channel: Channel,
  role: 'subscriber' | 'terminal' = 'subscriber',
): Promise<SessionGrant> {
  const rules = identityRules(deps);
  const lifetime =
    role === 'terminal'
      ? { absoluteMinutes: rules.terminalSessionMinutes, idleMinutes: rules.terminalSessionMinutes }
      : { absoluteMinutes: rules.sessionAbsoluteHours * 60, idleMinutes: rules.sessionIdleMinutes };
  return issueSession(
    deps,
    {
      role,
      id: line.number,
      lineId: line.id,
      customerId: line.customer_id,
      staffId: null,
      channel: role === 'terminal' ? 'terminal' : channel,
    },
    lifetime,
  );
}
