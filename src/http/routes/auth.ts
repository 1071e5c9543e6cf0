/**
 * REST for identity (`/api/v1/auth/...`): one-time codes, registration (S4.2), login by password or
 * code (S4.3), staff login, terminal access codes (S3.3), logout (here or everywhere), who am I.
 * Browsers get HttpOnly session cookies plus a CSRF token; API clients (`client: "api"`) get a
 * bearer token in the body. Handlers only parse, call the core and format.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { logInStaff } from '../../core/identity/log-in-staff.ts';
import { logInWithCode } from '../../core/identity/log-in-with-code.ts';
import { logInWithPassword } from '../../core/identity/log-in-with-password.ts';
import { logOut } from '../../core/identity/log-out.ts';
import { orderAccessCode } from '../../core/identity/order-access-code.ts';
import { registerWebAccount } from '../../core/identity/register-web-account.ts';
import { requestCode } from '../../core/identity/request-code.ts';
import { resetPassword } from '../../core/identity/reset-password.ts';
import { identityRules } from '../../core/identity/identity-deps.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_DISTINCT } from '../../core/identity/password-rules.ts';
import { verifyAccessCode } from '../../core/identity/verify-access-code.ts';
import type { SessionGrant } from '../../core/identity/session.ts';
import { AppError } from '../../core/errors.ts';
import { anonymousActor, actorOf } from '../access.ts';
import { clearSessionCookies, setSessionCookies } from '../plugins/auth.ts';
import { LangQuery, problems } from '../schemas.ts';

const Number_ = z.string().min(1).max(32);
const Code = z.string().regex(/^[0-9]{4,8}$/, 'the digits from the SMS');
const Password = z.string().min(1).max(128);
/** `browser` (default): session in HttpOnly cookies. `api`: bearer token in the body. */
const Client = z.enum(['browser', 'api']).default('browser');

const Principal = z
  .object({ role: z.string(), id: z.string(), channel: z.string(), number: z.string().nullable() })
  .meta({ id: 'Principal' });
const Session = z
  .object({
    /** Only for `client: "api"`; browsers get it as an HttpOnly cookie. */
    token: z.string().optional(),
    csrfToken: z.string(),
    expiresAt: z.string(),
    principal: Principal,
  })
  .meta({ id: 'Session' });

type SessionBody = z.infer<typeof Session>;

function principalView(p: SessionGrant['principal']): z.infer<typeof Principal> {
  return { role: p.role, id: p.id, channel: p.channel, number: p.lineId === null ? null : p.id };
}

function sendSession(request: FastifyRequest, reply: FastifyReply, grant: SessionGrant, client: 'browser' | 'api', status = 200) {
  const body: SessionBody = { csrfToken: grant.csrfToken, expiresAt: grant.expiresAt, principal: principalView(grant.principal) };
  if (client === 'api') body.token = grant.token;
  else setSessionCookies(reply, request.server.identity, grant);
  return reply.code(status).send(body);
}

/**
 * Access codes are ordered and checked by the SMS gateway (an empty SMS to 6262) or by a payment
 * terminal's backend, both gateways with credentials; only demo mode lets anonymous callers in.
 */
function terminalActor(request: FastifyRequest) {
  const principal = request.principal;
  if (principal?.role === 'gateway') return actorOf(request);
  if (request.server.identity.mode === 'demo' && !principal) return anonymousActor(request, 'terminal');
  throw new AppError(principal ? 'forbidden' : 'unauthenticated', 'access codes only through a gateway outside demo mode');
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['auth'];
  const deps = app.identity.deps;

  app.post(
    '/auth/codes',
    {
      schema: {
        tags,
        summary: 'Send a one-time SMS code (registration, login, password reset, confirmation); the same answer for any number',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_, purpose: z.enum(['register', 'login', 'reset', 'confirm']) }),
        response: { 202: z.object({ sent: z.literal(true), expiresInSeconds: z.number().int() }), ...problems(400, 429) },
      },
    },
    async (request, reply) => {
      const result = await requestCode(deps, { ...request.body, language: request.language }, anonymousActor(request));
      return reply.code(202).send(result);
    },
  );

  app.post(
    '/auth/register',
    {
      schema: {
        tags,
        summary: 'Register (S4.2): number, the SMS code, a new password; opens a session',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_, code: Code, password: Password, client: Client }),
        response: { 201: Session, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await registerWebAccount(deps, request.body, anonymousActor(request)), request.body.client, 201),
  );

  app.post(
    '/auth/password/reset',
    {
      schema: {
        tags,
        summary: 'Set a new password with a reset code; ends every older session',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_, code: Code, password: Password, client: Client }),
        response: { 200: Session, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await resetPassword(deps, request.body, anonymousActor(request)), request.body.client),
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in with number and password (S4.3); locked for a while after too many failures',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_, password: Password, client: Client }),
        response: { 200: Session, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSession(
        request,
        reply,
        await logInWithPassword(deps, { ...request.body, source: request.ip }, anonymousActor(request)),
        request.body.client,
      ),
  );

  app.post(
    '/auth/login/code',
    {
      schema: {
        tags,
        summary: 'Log in with a one-time SMS code (S4.3)',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_, code: Code, client: Client }),
        response: { 200: Session, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await logInWithCode(deps, request.body, anonymousActor(request)), request.body.client),
  );

  app.post(
    '/auth/staff/login',
    {
      schema: {
        tags,
        summary: 'Log in as an agent, supervisor, operator admin or corporate admin',
        querystring: LangQuery,
        body: z.strictObject({ login: z.string().min(1).max(64), password: Password, client: Client }),
        response: { 200: Session, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await logInStaff(deps, request.body, anonymousActor(request)), request.body.client),
  );

  app.post(
    '/auth/access-code',
    {
      schema: {
        tags,
        summary: 'Order a terminal access code by SMS (S3.3); Electronic Assistant lines only, not corporate or VIP (S3.6)',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_ }),
        response: { 202: z.object({ sent: z.literal(true) }), ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const actor = terminalActor(request);
      return reply.code(202).send(await orderAccessCode(deps, { number: request.body.number, language: request.language }, actor));
    },
  );

  app.post(
    '/auth/access-code/login',
    {
      schema: {
        tags,
        summary: 'Identify at a payment terminal with number and access code (S3.3, S3.4); more than 3 wrong codes block for 24 hours',
        querystring: LangQuery,
        body: z.strictObject({ number: Number_, code: Code, client: Client }),
        response: { 200: Session, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const actor = terminalActor(request);
      return sendSession(request, reply, await verifyAccessCode(deps, request.body, actor), request.body.client);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'End this session, or every session of the signed-in user (`everywhere: true`)',
        querystring: LangQuery,
        body: z.strictObject({ everywhere: z.boolean().default(false) }).default({ everywhere: false }),
        response: { 200: z.object({ revoked: z.number().int() }), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const result = await logOut(deps, request.principal, request.body);
      clearSessionCookies(reply, request.server.identity);
      return result;
    },
  );

  app.get(
    '/auth/me',
    {
      schema: { tags, summary: 'Who is signed in', querystring: LangQuery, response: { 200: Principal, ...problems(401) } },
    },
    async (request) => {
      if (!request.principal) throw new AppError('unauthenticated', 'no session');
      return principalView(request.principal);
    },
  );

  app.get(
    '/auth/rules',
    {
      schema: {
        tags,
        summary: 'What a new web password must look like and how long an SMS code lasts, for forms to show before submitting',
        querystring: LangQuery,
        response: {
          200: z
            .object({
              passwordMinLength: z.number().int(),
              passwordMaxLength: z.number().int(),
              /** A password needs at least this many different characters. */
              passwordMinDistinct: z.number().int(),
              codeTtlMinutes: z.number().int(),
            })
            .meta({ id: 'AuthRules' }),
        },
      },
    },
    async () => {
      const rules = identityRules(deps);
      return {
        passwordMinLength: rules.passwordMinLength,
        passwordMaxLength: PASSWORD_MAX_LENGTH,
        passwordMinDistinct: PASSWORD_MIN_DISTINCT,
        codeTtlMinutes: rules.codeTtlMinutes,
      };
    },
  );
};
