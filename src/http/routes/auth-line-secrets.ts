/**
 * REST for the secrets and slots of a line: contract password (S1.2, S1.4), password protection,
 * voiceprint slot (S1.2). The identity policy decides who may call each one.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addVoiceprintSampleToLine } from '../../core/identity/add-voiceprint-sample.ts';
import { deleteVoiceprint } from '../../core/identity/delete-voiceprint.ts';
import { getVoiceprint } from '../../core/identity/get-voiceprint.ts';
import { setContractPassword } from '../../core/identity/set-contract-password.ts';
import { setPasswordProtection } from '../../core/identity/set-password-protection.ts';
import { verifyContractPassword } from '../../core/identity/verify-contract-password.ts';
import { requireLine } from '../../core/subscribers/require-line.ts';
import { actorOf, requireLineAccess } from '../access.ts';
import { LangQuery, NumberParam, problems } from '../schemas.ts';

const Pin = z.string().regex(/^[0-9]{4,8}$/, 'digits');
const Voiceprint = z
  .object({
    enrolled: z.boolean(),
    samples: z.number().int(),
    minSamples: z.number().int(),
    maxSamples: z.number().int(),
    enrolledAt: z.string().nullable(),
  })
  .meta({ id: 'Voiceprint' });

export const authLineSecretRoutes: FastifyPluginAsyncZod<{ mode: 'demo' | 'production' }> = async (app, { mode }) => {
  const tags = ['lines'];
  const deps = app.identity.deps;
  const line = (request: { params: { number: string } }) => requireLine(deps, request.params.number);

  app.put(
    '/lines/:number/contract-password',
    {
      preHandler: requireLineAccess(mode, 'line.secrets'),
      schema: {
        tags,
        summary: 'Set or change the contract password (Telekom: 5 digits)',
        params: NumberParam,
        querystring: LangQuery,
        body: z.strictObject({ pin: Pin }),
        response: { 200: z.object({ set: z.literal(true) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => setContractPassword(deps, { line: await line(request), pin: request.body.pin }, actorOf(request)),
  );

  app.post(
    '/lines/:number/contract-password/verify',
    {
      preHandler: requireLineAccess(mode, 'line.identify'),
      schema: {
        tags,
        summary: 'Identify a caller by contract password (IVR, agents); capped, then locked',
        params: NumberParam,
        querystring: LangQuery,
        body: z.strictObject({ pin: Pin }),
        response: { 200: z.object({ verified: z.literal(true) }), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) => verifyContractPassword(deps, { number: request.params.number, pin: request.body.pin }, actorOf(request)),
  );

  app.put(
    '/lines/:number/password-protection',
    {
      preHandler: requireLineAccess(mode, 'line.secrets'),
      schema: {
        tags,
        summary: 'Turn password protection on or off: with it on, every service change needs the contract password',
        params: NumberParam,
        querystring: LangQuery,
        body: z.strictObject({ enabled: z.boolean(), pin: Pin }),
        response: { 200: z.object({ protection: z.boolean() }), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request) =>
      setPasswordProtection(deps, { line: await line(request), enabled: request.body.enabled, pin: request.body.pin }, actorOf(request)),
  );

  app.get(
    '/lines/:number/voiceprint',
    {
      preHandler: requireLineAccess(mode, 'line.read'),
      schema: {
        tags,
        summary: 'Voiceprint slot: enrolled or not, samples (S1.2)',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: Voiceprint, ...problems(401, 403, 404) },
      },
    },
    async (request) => getVoiceprint(deps, { line: await line(request) }),
  );

  app.post(
    '/lines/:number/voiceprint/samples',
    {
      preHandler: requireLineAccess(mode, 'line.identify'),
      schema: {
        tags,
        summary: 'Record one more voice sample (IVR menu 1)',
        params: NumberParam,
        querystring: LangQuery,
        response: { 201: Voiceprint, ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await addVoiceprintSampleToLine(deps, { line: await line(request) }, actorOf(request))),
  );

  app.delete(
    '/lines/:number/voiceprint',
    {
      preHandler: requireLineAccess(mode, 'line.identify'),
      schema: {
        tags,
        summary: 'Delete the voiceprint',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: Voiceprint, ...problems(401, 403, 404) },
      },
    },
    async (request) => deleteVoiceprint(deps, { line: await line(request) }, actorOf(request)),
  );
};
