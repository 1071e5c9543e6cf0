/**
 * USSD over HTTP, Africa's Talking style: a form POST per step (`sessionId`, `serviceCode`,
 * `phoneNumber`, `networkCode`, `text` = every input of the dialogue joined by `*`), answered in
 * `text/plain` starting `CON ` (continue) or `END ` (close).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handleUssd } from '../../channels/ussd/engine.ts';
import { cachedSession, findLiveSession } from '../../channels/ussd/ussd-session.repository.ts';
import type { CoreDeps } from '../../core/context.ts';

const AtBody = z.object({
  sessionId: z.string().min(1).max(128),
  serviceCode: z.string().min(1).max(40),
  phoneNumber: z.string().min(1).max(32),
  networkCode: z.string().max(16).optional(),
  text: z.string().max(500).default(''),
});

export const ussdRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps }> = async (app, { deps }) => {
  app.post(
    '/ussd/at',
    {
      schema: {
        tags: ['channels'],
        summary: "USSD gateway callback (Africa's Talking form fields); answers CON/END text",
        body: AtBody,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const key = `at:${b.sessionId}`;
      const inputs = b.text === '' ? [] : b.text.split('*');
      let screen;
      // Only a single input can be either a first step with an extension or a real answer
      // (a session this process just wrote needs no store read to tell).
      const now = deps.clock.now().toISOString();
      const live = inputs.length === 1 ? (cachedSession(deps.db, key, now) ?? (await findLiveSession(deps.db, key, now))) : undefined;
      if (inputs.length === 0 || (!live && inputs.length === 1)) {
        // First step; a dialled `*111*2163#` may come as serviceCode `*111#` with text `2163`.
        // (Several inputs without a live session: the dialogue expired, and the engine says so.)
        const dialled = inputs.length === 0 ? b.serviceCode : `${b.serviceCode.replace(/#$/, '')}*${b.text}#`;
        screen = await handleUssd(deps, { sessionKey: key, number: b.phoneNumber, dialled });
      } else {
        screen = await handleUssd(deps, {
          sessionKey: key,
          number: b.phoneNumber,
          input: inputs[inputs.length - 1] ?? '',
          step: inputs.length,
        });
      }
      void reply.type('text/plain; charset=utf-8');
      return `${screen.end ? 'END' : 'CON'} ${screen.text}`;
    },
  );
};
