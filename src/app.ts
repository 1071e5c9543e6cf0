/**
 * `buildApp(config, deps)`: the whole HTTP application as an object that tests inject requests
 * into. It never listens; `server.ts` does that.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { Clock } from './core/context.ts';
import { isAppError, type ErrorCode } from './core/errors.ts';
import { hashingOf } from './core/identity/identity-deps.ts';
import { LoggingSmsSender, MemorySmsSender, type SmsSender } from './core/identity/sms-sender.ts';
import type { Storage } from './db/connect.ts';
import { AccessLog } from './http/access-log.ts';
import { languagePlugin } from './http/plugins/language.ts';
import { metricsPlugin } from './http/plugins/metrics.ts';
import { webPlugin } from './http/plugins/web.ts';
import { requireGateway } from './http/access.ts';
import { usePrecomputedSecurityHeaders } from './http/security-headers.ts';
import { sendProblem } from './http/problem.ts';
import { billingRoutes } from './http/routes/billing.ts';
import { authPlugin } from './http/plugins/auth.ts';
import { authRoutes } from './http/routes/auth.ts';
import { authDeskRoutes } from './http/routes/auth-desk.ts';
import { devOutboxRoutes } from './http/routes/auth-dev-outbox.ts';
import { authLineSecretRoutes } from './http/routes/auth-line-secrets.ts';
import { catalogRoutes } from './http/routes/catalog.ts';
import { lineRoutes } from './http/routes/lines.ts';
import { moneyRoutes } from './http/routes/money.ts';
import type { ChannelDeps } from './channels/channels.ts';
import { identityAccessCodes } from './channels/sms/identity-bridge.ts';
import { devPhoneRoutes } from './http/routes/dev-phone.ts';
import { smsRoutes } from './http/routes/sms.ts';
import { ussdRoutes } from './http/routes/ussd.ts';
import { demoLineRoutes } from './http/routes/web-demo.ts';
import { businessRoutes } from './http/routes/business.ts';
import type { Profile } from './profiles/profile.ts';
import { blackListRoutes } from './http/routes/black-list.ts';
import type { PaymentProviders } from './core/payments/payment-provider.ts';
import { paymentProvidersOf } from './payments/index.ts';
import { paymentRoutes, paymentWebhookRoutes } from './http/routes/payments.ts';

export type AppDeps = {
  storage: Storage;
  profile: Profile;
  clock: Clock;
  /** A pino logger; omitted in tests that do not look at logs. */
  logger?: FastifyBaseLogger | undefined;
  /** Where identity SMS go; default: kept in memory in demo mode, logged (without text) otherwise. */
  sms?: SmsSender | undefined;
  /** SMS and USSD adapters' extras (access codes, SMS gateway, demo SMSC); defaults to none. */
  channels?: ChannelDeps | undefined;
  /** The built web app to serve at `/` (default `web/dist`). */
  webDist?: string | undefined;
  /** Card payment providers; default: from `config.payments` (the simulator's hosted page at its configured port). */
  payments?: PaymentProviders | undefined;
};

/** Fastify error codes that mean "the client sent something we cannot read". */
const CLIENT_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_input',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_input',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_input',
  FST_ERR_VALIDATION: 'invalid_input',
};

export type App = Awaited<ReturnType<typeof buildApp>>;

export async function buildApp(config: Config, deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    // One access line per request instead of two (http/access-log.ts).
    ...(deps.logger ? { logController: new AccessLog(deps.logger) } : {}),
    bodyLimit: config.bodyLimit,
    trustProxy: false,
    requestIdHeader: 'x-request-id',
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('checkBuiltResponses', config.env !== 'production');

  await app.register(fastifyHelmet, { global: true });
  await app.register(fastifyRateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    allowList: ['127.0.0.1', '::1'].filter(() => config.env !== 'production'),
    errorResponseBuilder: () => ({ statusCode: 429, code: 'rate_limited' }),
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(languagePlugin, { languages: deps.profile.languages });
  await app.register(metricsPlugin);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kabinet API',
        version: '1',
        description: `Self-care API of ${deps.profile.name}.${config.mode === 'demo' ? ' DEMO MODE: write endpoints are open without login.' : ''}`,
      },
      tags: [
        { name: 'lines', description: 'A subscriber line: overview, offers, tariff and services' },
        { name: 'operator', description: 'Public facts about the operator' },
        { name: 'usage', description: 'Usage records and billing runs' },
        { name: 'auth', description: 'Codes, registration, login, sessions, access codes' },
        { name: 'desk', description: 'Contact center and back office: interactions, audit, staff, gateways' },
        { name: 'system', description: 'Health and readiness' },
        { name: 'money', description: 'Balances, top-ups, charges, purchases and refunds (idempotent)' },
        { name: 'channels', description: 'Gateway callbacks: Kannel SMS, USSD' },
        { name: 'business', description: 'Business cabinet (S4.8): applications with PUKs, review, company lines, documents' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  if (config.mode === 'demo') {
    app.addHook('onSend', (_request, reply, payload, done) => {
      void reply.header('x-kabinet-demo', 'true');
      done(null, payload);
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      request.log.info({ code: error.code, internal: error.internal }, 'request refused');
      return sendProblem(request, reply, error.code, error.params, error.fields);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message ?? 'invalid',
      }));
      return sendProblem(request, reply, 'invalid_input', {}, fields);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendProblem(request, reply, 'internal');
    }
    if (error.statusCode === 429) return sendProblem(request, reply, 'rate_limited');
    const clientCode = error.code ? CLIENT_ERRORS[error.code] : undefined;
    if (clientCode) return sendProblem(request, reply, clientCode, {}, [{ path: 'body', message: error.message }]);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(request, reply, 'invalid_input', {}, [{ path: '', message: error.message }]);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 'not_found'));

  const coreDeps = { db: deps.storage.db, profile: deps.profile, clock: deps.clock };
  const sms: SmsSender = deps.sms ?? (config.mode === 'demo' ? new MemorySmsSender() : new LoggingSmsSender(app.log));
  const hashing = hashingOf(config);
  await app.register(authPlugin, { deps: { ...coreDeps, sms, hashing }, mode: config.mode, cookieSecure: config.identity.cookieSecure });

  app.get('/health', { schema: { tags: ['system'], summary: 'Liveness: the process answers' } }, () => ({ status: 'ok' }));
  app.get('/ready', { schema: { tags: ['system'], summary: 'Readiness: the database answers' } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(deps.storage.db);
      return { status: 'ready', database: deps.storage.kind, profile: deps.profile.id };
    } catch (error) {
      request.log.error({ err: error }, 'database not ready');
      return sendProblem(request, reply, 'unavailable');
    }
  });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(catalogRoutes, { profile: deps.profile, mode: config.mode });
      await api.register(lineRoutes, { deps: coreDeps, mode: config.mode });
      await api.register(billingRoutes, { deps: coreDeps, mode: config.mode });
      await api.register(authRoutes);
      await api.register(authLineSecretRoutes, { mode: config.mode });
      await api.register(authDeskRoutes);
      if (config.mode === 'demo' && sms.outbox) await api.register(devOutboxRoutes, { outbox: sms.outbox });
      await api.register(moneyRoutes, { deps: coreDeps, mode: config.mode });
      await api.register(demoLineRoutes, { profile: deps.profile, mode: config.mode });
      await api.register(blackListRoutes, { deps: coreDeps, mode: config.mode });
      await api.register(businessRoutes);
      const payments = deps.payments ?? (await paymentProvidersOf(config.payments));
      const paymentLog = { warn: (fields: Record<string, string | number | null>, message: string) => app.log.warn(fields, message) };
      await api.register(paymentRoutes, { deps: coreDeps, mode: config.mode, payments, log: paymentLog, publicUrl: config.sms.publicUrl });
      await api.register(paymentWebhookRoutes, { deps: coreDeps, payments, log: paymentLog });
    },
    { prefix: '/api/v1' },
  );
  await app.register(webPlugin, { distDir: deps.webDist });

  // Gateways (Kannel, USSD aggregators) call these outside /api/v1; the handset simulator only outside production.
  const channels: ChannelDeps = deps.channels ?? { accessCodes: identityAccessCodes({ sms, hashing }) };
  await app.register(async (gateways) => {
    usePrecomputedSecurityHeaders(gateways);
    gateways.addHook('preHandler', requireGateway(config.mode, 'sms'));
    await gateways.register(smsRoutes, { deps: coreDeps, channels });
  });
  await app.register(async (gateways) => {
    usePrecomputedSecurityHeaders(gateways);
    gateways.addHook('preHandler', requireGateway(config.mode, 'ussd'));
    await gateways.register(ussdRoutes, { deps: coreDeps });
  });
  if (config.env !== 'production') await app.register(devPhoneRoutes, { deps: coreDeps, channels });

  return app;
}
