/**
 * Who is calling: resolves the principal of every request from a bearer token (API clients), a
 * session cookie (browsers, with CSRF protection on unsafe methods), or Basic credentials plus an
 * allowed IP (gateways). No credentials: no principal (demo mode lets anonymous requests through
 * where it always did). Credentials that do not work are refused at once with 401.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { authenticateGateway } from '../../core/identity/authenticate-gateway.ts';
import type { IdentityDeps } from '../../core/identity/identity-deps.ts';
import type { Principal } from '../../core/identity/policy.ts';
import { csrfMatches, resolveSession, type SessionGrant } from '../../core/identity/session.ts';

export const SESSION_COOKIE = 'kabinet_session';
export const CSRF_COOKIE = 'kabinet_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type AuthOptions = { deps: IdentityDeps; mode: 'demo' | 'production'; cookieSecure: boolean };

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null. */
    principal: Principal | null;
    /** The audit actor decided by an access check (with an agent's interaction id). */
    actor: Actor | null;
  }
  interface FastifyInstance {
    identity: AuthOptions;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const authPlugin = fp(
  (app: FastifyInstance, opts: AuthOptions, done: (error?: Error) => void) => {
    app.decorate('identity', opts);
    app.decorateRequest('principal', null);
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request, reply) => {
      request.principal = await principalOf(request, reply, opts);
    });
    done();
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);

async function principalOf(request: FastifyRequest, reply: FastifyReply, opts: AuthOptions): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization) {
    const [scheme = '', value = ''] = authorization.split(' ', 2);
    if (scheme.toLowerCase() === 'bearer') {
      const session = await resolveSession(opts.deps, value.trim());
      if (!session) throw new AppError('unauthenticated', 'bearer token unknown, expired or revoked');
      return session.principal;
    }
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return authenticateGateway(opts.deps, { name: decoded.slice(0, colon), secret: decoded.slice(colon + 1), ip: request.ip });
    }
    throw new AppError('unauthenticated', `unsupported authorization scheme ${scheme.slice(0, 20)}`);
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = await resolveSession(opts.deps, token);
  if (!session) {
    clearSessionCookies(reply, opts);
    return null;
  }
  if (!SAFE_METHODS.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (!csrfMatches(session, typeof header === 'string' ? header : undefined) || !sameOrigin(request)) {
      throw new AppError('csrf_failed', `cookie request ${request.method} ${request.url} without a valid CSRF token or origin`);
    }
  }
  return session.principal;
}

/** An `Origin` header, when the browser sends one, must name this host. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Puts a new session into cookies: the token HttpOnly, the CSRF token readable by the page. */
export function setSessionCookies(reply: FastifyReply, opts: Pick<AuthOptions, 'cookieSecure'>, grant: SessionGrant): void {
  const common = { path: '/', secure: opts.cookieSecure, sameSite: 'strict' as const, expires: new Date(grant.expiresAt) };
  void reply.setCookie(SESSION_COOKIE, grant.token, { ...common, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, grant.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, opts: Pick<AuthOptions, 'cookieSecure'>): void {
  const common = { path: '/', secure: opts.cookieSecure, sameSite: 'strict' as const };
  void reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  void reply.clearCookie(CSRF_COOKIE, common);
}
