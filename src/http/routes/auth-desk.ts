/**
 * REST for the contact center and the back office: interactions (an agent acts on a line only
 * inside one), the audit search (supervisors), staff users and gateway clients (operator admins).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchAudit } from '../../core/audit/search-audit.ts';
import { CHANNELS } from '../../core/context.ts';
import { closeInteraction } from '../../core/identity/close-interaction.ts';
import { createStaffUser } from '../../core/identity/create-staff-user.ts';
import { openInteraction } from '../../core/identity/open-interaction.ts';
import { actorOf as actorOfPrincipal, authorize } from '../../core/identity/policy.ts';
import { registerGateway } from '../../core/identity/register-gateway.ts';
import { LangQuery, problems } from '../schemas.ts';

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string(),
    channel: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    interactionId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

export const authDeskRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.identity.deps;

  app.post(
    '/interactions',
    {
      schema: {
        tags: ['desk'],
        summary: 'Open an interaction with a subscriber line (agents, supervisors)',
        querystring: LangQuery,
        body: z.strictObject({ number: z.string().min(1).max(32), channel: z.enum(CHANNELS).default('agent') }),
        response: { 201: z.object({ id: z.number().int(), number: z.string(), openedAt: z.string() }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await openInteraction(deps, request.principal, request.body)),
  );

  app.delete(
    '/interactions/:id',
    {
      schema: {
        tags: ['desk'],
        summary: 'Close an interaction: the agent may no longer act on the line',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        querystring: LangQuery,
        response: { 200: z.object({ id: z.number().int(), closedAt: z.string() }), ...problems(401, 403, 404) },
      },
    },
    async (request) => closeInteraction(deps, request.principal, { id: request.params.id }),
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['desk'],
        summary: 'Search the audit trail (supervisors, operator admins)',
        querystring: LangQuery.extend({
          number: z.string().max(32).optional(),
          subjectId: z.string().max(64).optional(),
          actorId: z.string().max(64).optional(),
          actorType: z.string().max(32).optional(),
          action: z.string().max(64).optional(),
          channel: z.enum(CHANNELS).optional(),
          interactionId: z.string().max(32).optional(),
          from: z.iso.datetime().optional(),
          to: z.iso.datetime().optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ entries: z.array(AuditEntry) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const { lang: _lang, ...filter } = request.query;
      return searchAudit(deps, request.principal, filter);
    },
  );

  app.post(
    '/staff',
    {
      schema: {
        tags: ['desk'],
        summary: 'Create a staff user (operator admins)',
        querystring: LangQuery,
        body: z.strictObject({
          login: z.string().min(3).max(64),
          name: z.string().min(1).max(200),
          role: z.enum(['agent', 'supervisor', 'operator-admin', 'corporate-admin']),
          password: z.string().min(1).max(128),
          customerId: z.number().int().positive().optional(),
        }),
        response: { 201: z.object({ id: z.number().int(), login: z.string() }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'staff.manage');
      return reply.code(201).send(await createStaffUser(deps, request.body, actorOfPrincipal(admin)));
    },
  );

  app.post(
    '/gateways',
    {
      schema: {
        tags: ['desk'],
        summary: 'Register a gateway client (SMS, USSD, IVR, payment terminals); its secret is shown once',
        querystring: LangQuery,
        body: z.strictObject({
          name: z.string().min(3).max(64),
          kind: z.enum(['sms', 'ussd', 'ivr', 'payment-terminal']),
          allowedIps: z
            .array(z.union([z.ipv4(), z.ipv6()]))
            .min(1)
            .max(50),
        }),
        response: { 201: z.object({ name: z.string(), secret: z.string() }), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'gateway.manage');
      return reply.code(201).send(await registerGateway(deps, request.body, actorOfPrincipal(admin)));
    },
  );
};
