/**
 * DEMO MODE ONLY: the SMS a demo number would have received (one-time codes, access codes), so a
 * demo user can sign in without a phone. Never registered outside demo mode.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MemorySmsSender } from '../../core/identity/sms-sender.ts';
import { toE164 } from '../../core/subscribers/phone-number.ts';
import { problems } from '../schemas.ts';

export const devOutboxRoutes: FastifyPluginAsyncZod<{ outbox: MemorySmsSender }> = async (app, { outbox }) => {
  app.get(
    '/dev/outbox',
    {
      schema: {
        tags: ['system'],
        summary: 'DEMO ONLY: the last SMS sent to a number',
        querystring: z.strictObject({ number: z.string().min(1).max(32) }),
        response: {
          200: z.object({ messages: z.array(z.object({ to: z.string(), text: z.string(), at: z.string() })) }),
          ...problems(400),
        },
      },
    },
    async (request) => {
      const number = toE164(request.query.number, app.identity.deps.profile.country);
      return {
        messages: outbox
          .sentTo(number)
          .slice(0, 10)
          .map(({ to, text, at }) => ({ to, text, at })),
      };
    },
  );
};
