/**
 * Who may do what: every role and rule of access in one place, deny by default.
 *
 * - subscriber: their own line (read, change, its secrets);
 * - terminal: a subscriber identified at a payment terminal by access code: read and change their line;
 * - corporate-admin: read and change the lines of their company; read their company (S4.8);
 * - agent: any line, but only inside an open interaction with it; opens interactions;
 * - supervisor: reads any line and the audit; changes a line only inside an open interaction;
 * - operator-admin: staff users, gateway clients, the audit, business applications (S4.8);
 * - gateway (SMS, USSD, IVR, payment terminals): acts for the number the network identified, so any line.
 */
import type { LineRow } from '../../db/schema.ts';
import type { Actor, Channel, CoreDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { findLineByNumber } from '../subscribers/line.repository.ts';
import { toE164 } from '../subscribers/phone-number.ts';
import { findOpenInteraction } from './interaction.repository.ts';

export const ROLES = ['subscriber', 'terminal', 'corporate-admin', 'agent', 'supervisor', 'operator-admin', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export type Principal = {
  role: Role;
  /** Audit id: the line number, the staff login or the gateway name. */
  id: string;
  /** The session behind this principal; null for gateways (credentials on every request). */
  sessionId: number | null;
  lineId: number | null;
  customerId: number | null;
  staffId: number | null;
  channel: Channel;
};

export type LineAction = 'line.read' | 'line.change' | 'line.secrets' | 'line.identify';
export type Action = LineAction | 'audit.read' | 'staff.manage' | 'gateway.manage' | 'interaction.open' | BusinessAction;
/** The business cabinet (S4.8): review companies' applications; read one's own company. */
export type BusinessAction = 'business.review' | 'company.read';

export type LineTarget = { lineId: number; customerId: number };

export type Decision = { allowed: true } | { allowed: false; reason: 'forbidden' | 'interaction_required' };

const ALLOW: Decision = { allowed: true };
const DENY: Decision = { allowed: false, reason: 'forbidden' };

/**
 * The rule table. `target` is the line acted on (undefined for actions on no line, or when the line
 * does not exist); `openInteraction` says whether the principal has an interaction open with it.
 */
export function decide(principal: Principal, action: Action, target: LineTarget | undefined, openInteraction = false): Decision {
  const ownLine = target !== undefined && principal.lineId === target.lineId;
  switch (principal.role) {
    case 'subscriber':
      return ownLine && (action === 'line.read' || action === 'line.change' || action === 'line.secrets') ? ALLOW : DENY;
    case 'terminal':
      return ownLine && (action === 'line.read' || action === 'line.change') ? ALLOW : DENY;
    case 'corporate-admin':
      if (action === 'company.read') return principal.customerId !== null ? ALLOW : DENY;
      return target !== undefined && target.customerId === principal.customerId && (action === 'line.read' || action === 'line.change')
        ? ALLOW
        : DENY;
    case 'agent':
      if (action === 'interaction.open') return ALLOW;
      if (action === 'line.read' || action === 'line.change' || action === 'line.identify') return agentInside(target, openInteraction);
      return DENY;
    case 'supervisor':
      if (action === 'interaction.open' || action === 'audit.read') return ALLOW;
      if (action === 'line.read') return target ? ALLOW : DENY;
      if (action === 'line.change' || action === 'line.identify') return agentInside(target, openInteraction);
      return DENY;
    case 'operator-admin':
      return action === 'staff.manage' || action === 'gateway.manage' || action === 'audit.read' || action === 'business.review'
        ? ALLOW
        : DENY;
    case 'gateway':
      return target !== undefined && (action === 'line.read' || action === 'line.change' || action === 'line.identify') ? ALLOW : DENY;
  }
}

function agentInside(target: LineTarget | undefined, openInteraction: boolean): Decision {
  if (!target) return DENY;
  return openInteraction ? ALLOW : { allowed: false, reason: 'interaction_required' };
}

/** Throws unless the principal may do an action that concerns no line. */
export function authorize(principal: Principal | null, action: Exclude<Action, LineAction>): Principal {
  if (!principal) throw new AppError('unauthenticated', `${action} without a principal`);
  const decision = decide(principal, action, undefined);
  if (!decision.allowed) throw new AppError(decision.reason, `${principal.role} ${principal.id} may not ${action}`);
  return principal;
}

/**
 * Loads the line behind `number` and throws unless the principal may act on it. A line that does
 * not exist is refused like someone else's, so no one learns which numbers exist. Returns the line
 * and the actor for the audit (with the agent's interaction id).
 */
export async function authorizeLine(
  deps: Pick<CoreDeps, 'db' | 'profile'>,
  principal: Principal | null,
  action: LineAction,
  number: string,
): Promise<{ line: LineRow; actor: Actor }> {
  if (!principal) throw new AppError('unauthenticated', `${action} on ${number} without a principal`);
  const line = await findLineByNumber(deps.db, toE164(number, deps.profile.country));
  const target = line ? { lineId: line.id, customerId: line.customer_id } : undefined;
  const interaction =
    line && principal.staffId !== null && (principal.role === 'agent' || principal.role === 'supervisor')
      ? await findOpenInteraction(deps.db, principal.staffId, line.id)
      : undefined;
  const decision = decide(principal, action, target, interaction !== undefined);
  if (!decision.allowed || !line) {
    throw new AppError(decision.allowed ? 'forbidden' : decision.reason, `${principal.role} ${principal.id} may not ${action} ${number}`);
  }
  return { line, actor: actorOf(principal, interaction?.id) };
}

/** The audit actor of a principal. */
export function actorOf(principal: Principal, interactionId?: number): Actor {
  return {
    type: principal.role,
    id: principal.id,
    channel: principal.channel,
    interactionId: interactionId === undefined ? undefined : String(interactionId),
  };
}
