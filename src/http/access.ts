/**
 * Who may write, until identity lands: only demo mode opens the write endpoints, and every
 * response says so with `X-Kabinet-Demo: true`. The actor of a demo write is "demo".
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHANNELS, type Actor, type Channel } from '../core/context.ts';
import { AppError } from '../core/errors.ts';

export function requireWriteAccess(mode: 'demo' | 'production') {
  return async (_request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (mode !== 'demo') throw new AppError('demo_only', 'write endpoint called outside demo mode without identity');
  };
}

/** The actor of a request. The channel may be named by a trusted adapter with `X-Kabinet-Channel`. */
export function actorOf(request: FastifyRequest): Actor {
  const header = request.headers['x-kabinet-channel'];
  const channel: Channel = typeof header === 'string' && (CHANNELS as readonly string[]).includes(header) ? (header as Channel) : 'api';
  return { type: 'demo', id: 'demo', channel };
}
