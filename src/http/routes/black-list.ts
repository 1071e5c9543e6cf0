/**
 * REST for a line's black list (S4.4): read it, add a number, remove one. Handlers only parse,
 * call the core use case and return its result.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addBlockedNumber } from '../../core/black-list/add-blocked-number.ts';
import { getBlackList } from '../../core/black-list/get-black-list.ts';
import { removeBlockedNumber } from '../../core/black-list/remove-blocked-number.ts';
import type { CoreDeps } from '../../core/context.ts';
import { actorOf, contractPasswordOf, requireReadAccess, requireWriteAccess } from '../access.ts';
import { LangQuery, NumberParam, problems } from '../schemas.ts';

const BlackList = z
  .object({
    number: z.string(),
    service: z.object({ id: z.string(), name: z.string() }).nullable(),
    serviceActive: z.boolean(),
    max: z.number().int(),
    numbers: z.array(z.object({ number: z.string(), addedAt: z.string() })),
  })
  .meta({ id: 'BlackList' });

const BlackListChange = BlackList.extend({ changed: z.boolean(), blocked: z.string() }).meta({ id: 'BlackListChange' });

/** The number to block as the user typed it (E.164 or national format); the core parses it. */
const BlockedNumber = z.string().min(1).max(32);

export const blackListRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps; mode: 'demo' | 'production' }> = async (app, { deps, mode }) => {
  const tags = ['lines'];
  const write = requireWriteAccess(mode);
  const read = requireReadAccess(mode);

  app.get(
    '/lines/:number/black-list',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'The black list: blocked numbers, whether the service is on, the limit (S4.4)',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: BlackList, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getBlackList(deps, { number: request.params.number, language: request.language }),
  );

  app.post(
    '/lines/:number/black-list',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Block a number (201 when added, 200 when it was already on the list); needs the black-list service on',
        params: NumberParam,
        querystring: LangQuery,
        body: z.strictObject({ number: BlockedNumber }),
        response: { 200: BlackListChange, 201: BlackListChange, ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const result = await addBlockedNumber(
        deps,
        {
          number: request.params.number,
          blocked: request.body.number,
          language: request.language,
          contractPassword: contractPasswordOf(request),
        },
        actorOf(request),
      );
      return reply.code(result.changed ? 201 : 200).send(result);
    },
  );

  app.delete(
    '/lines/:number/black-list/:blocked',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Unblock a number',
        params: NumberParam.extend({ blocked: BlockedNumber }),
        querystring: LangQuery,
        response: { 200: BlackListChange, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      removeBlockedNumber(
        deps,
        {
          number: request.params.number,
          blocked: request.params.blocked,
          language: request.language,
          contractPassword: contractPasswordOf(request),
        },
        actorOf(request),
      ),
  );
};
