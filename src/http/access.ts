/**
 * Who may call the line endpoints. With a principal (session or gateway), the identity policy
 * decides (`core/identity/policy.ts`). Without one, demo mode keeps the endpoints open (every
 * response says so with `X-Kabinet-Demo: true`, and the actor is "demo"); production refuses.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHANNELS, type Actor, type Channel } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import { actorOf as actorOfPrincipal, authorizeLine, decide, type Action, type LineAction } from '../core/identity/policy.ts';
import './plugins/auth.ts';

/** Write access to `/lines/:number/...`: the principal may change the line; anonymous only in demo mode. */
export function requireWriteAccess(mode: 'demo' | 'production') {
  return requireLineAccess(mode, 'line.change');
}

/** Read access to `/lines/:number/...`: anonymous reads only in demo mode. */
export function requireReadAccess(mode: 'demo' | 'production') {
  return requireLineAccess(mode, 'line.read');
}

/** The principal may do `action` on the line in the `:number` path parameter. */
export function requireLineAccess(mode: 'demo' | 'production', action: LineAction) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = request.principal;
    if (!principal) {
      if (mode === 'demo') return;
      if (action === 'line.read') throw new AppError('unauthenticated', `anonymous ${action} outside demo mode`);
      throw new AppError('demo_only', 'write endpoint called outside demo mode without identity');
    }
    const number = (request.params as { number?: unknown } | undefined)?.number;
    if (typeof number !== 'string') throw new AppError('forbidden', `${action} on a route without a line number`);
    request.actor = (await authorizeLine(request.server.identity.deps, principal, action, number)).actor;
  };
}

/** An action on no line (the operator's own accounts, staff tools): anonymous only in demo mode, else the policy decides. */
export function requireAction(mode: 'demo' | 'production', action: Exclude<Action, LineAction>) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = request.principal;
    if (!principal) {
      if (mode === 'demo') return;
      throw new AppError('unauthenticated', `anonymous ${action} outside demo mode`);
    }
    if (!decide(principal, action, undefined).allowed)
      throw new AppError('forbidden', `${principal.role} ${principal.id} may not ${action}`);
  };
}

/**
 * For an endpoint that acts on many lines at once (a charge batch): who acts on each line, decided
 * line by line as `requireLineAccess` does for one; a refusal is that line's outcome.
 */
export function lineActors(request: FastifyRequest, mode: 'demo' | 'production', action: LineAction): (number: string) => Promise<Actor> {
  const principal = request.principal;
  if (!principal) {
    const actor = actorOf(request);
    return async () => {
      if (mode === 'demo') return actor;
      throw new AppError('demo_only', `anonymous ${action} outside demo mode`);
    };
  }
  return async (number) => (await authorizeLine(request.server.identity.deps, principal, action, number)).actor;
}

/**
 * Gateway callbacks (Kannel's get-url and dlr-url, a USSD aggregator): only a registered gateway of
 * that channel, with its secret and from an allowed address. Anonymous callers only in demo mode,
 * where the built-in SMSC simulator and the handset page call in.
 */
export function requireGateway(mode: 'demo' | 'production', channel: 'sms' | 'ussd') {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = request.principal;
    if (!principal) {
      if (mode === 'demo') return;
      throw new AppError('unauthenticated', `anonymous ${channel} gateway callback outside demo mode`);
    }
    if (principal.role !== 'gateway' || principal.channel !== channel) {
      throw new AppError('forbidden', `${principal.role} ${principal.id} is not an ${channel} gateway`);
    }
  };
}

/** The actor of a request: decided by the access check, else the principal, else "demo". */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  if (request.principal) return actorOfPrincipal(request.principal);
  const header = request.headers['x-kabinet-channel'];
  const channel: Channel = typeof header === 'string' && (CHANNELS as readonly string[]).includes(header) ? (header as Channel) : 'api';
  return { type: 'demo', id: 'demo', channel };
}

/** The anonymous actor of a login or registration request, on the channel it came from. */
export function anonymousActor(request: FastifyRequest, channel: Channel = 'web'): Actor {
  return { type: 'anonymous', id: request.ip, channel };
}

/** The contract password a client sent for a password-protected line (header `X-Contract-Password`). */
export function contractPasswordOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-contract-password'];
  return typeof header === 'string' && header.length > 0 ? header.slice(0, 16) : undefined;
}
