/**
 * REST for top-up by bank card (issue 6): start a payment (the answer says where the browser pays),
 * read one or the latest payments of a line, the top-up page's options, and the providers' signed
 * webhooks, whose raw body is kept for the signature check. Card data never passes through here.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { getCardTopUpOptions } from '../../core/payments/get-card-top-up-options.ts';
import { getPayment } from '../../core/payments/get-payment.ts';
import { listPayments } from '../../core/payments/list-payments.ts';
import type { PaymentDeps, PaymentLog } from '../../core/payments/payment-deps.ts';
import { PAYMENT_STATUSES, type PaymentProviders } from '../../core/payments/payment-provider.ts';
import { receivePaymentWebhook } from '../../core/payments/receive-payment-webhook.ts';
import { startCardTopUp } from '../../core/payments/start-card-top-up.ts';
import { actorOf, requireReadAccess, requireWriteAccess } from '../access.ts';
import { LangQuery, Money, NumberParam, problems } from '../schemas.ts';

const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII'),
});
const PaymentIdParam = NumberParam.extend({
  paymentId: z.string().regex(/^pay_[0-9a-f]{24}$/, 'a payment id such as pay_0123456789abcdef01234567'),
});
const StartBody = z.strictObject({ amount: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const Payment = z
  .object({
    paymentId: z.string(),
    number: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    amount: Money,
    provider: z.string(),
    redirectUrl: z.string().nullable(),
    card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
    failureCode: z.string().nullable(),
    transferId: z.number().int().nullable(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
  })
  .meta({ id: 'CardPayment' });

const Options = z
  .object({
    available: z.boolean(),
    provider: z.string().nullable(),
    currency: z.string(),
    minorUnits: z.number().int(),
    min: Money,
    max: Money,
    presets: z.array(Money),
  })
  .meta({ id: 'CardTopUpOptions' });

const WebhookAnswer = z
  .object({ received: z.literal(true), outcome: z.enum(['credited', 'settled', 'unchanged', 'ignored']) })
  .meta({ id: 'WebhookAnswer' });

export type PaymentRouteOptions = {
  deps: CoreDeps;
  mode: 'demo' | 'production';
  payments: PaymentProviders | undefined;
  log: PaymentLog;
  /** Kabinet's base URL as browsers and providers reach it; default: the request's own origin. */
  publicUrl: string | undefined;
};

export const paymentRoutes: FastifyPluginAsyncZod<PaymentRouteOptions> = async (app, { deps, mode, payments, log, publicUrl }) => {
  const tags = ['money'];
  const paymentDeps = (): PaymentDeps => {
    if (!payments) throw new AppError('payment_provider_unavailable', 'no payment provider configured');
    return { ...deps, payments, log };
  };
  const baseUrl = (request: FastifyRequest) => (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');

  app.get(
    '/payments/card-top-up',
    {
      schema: {
        tags,
        summary: 'What the card top-up page offers: whether card payments are on, currency, smallest and largest amount, presets',
        querystring: LangQuery,
        response: { 200: Options },
      },
    },
    async (request) => getCardTopUpOptions(deps, { language: request.language, provider: payments?.active.name ?? null }),
  );

  app.post(
    '/lines/:number/payments',
    {
      preHandler: requireWriteAccess(mode),
      schema: {
        tags,
        summary:
          'Start a top-up by bank card: answers where the browser pays (the provider hosted page); the line is credited by the provider webhook',
        params: NumberParam,
        querystring: LangQuery,
        headers: IdempotencyHeaders,
        body: StartBody,
        response: { 201: Payment, ...problems(400, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const base = baseUrl(request);
      const number = request.params.number;
      const { payment, replayed } = await startCardTopUp(
        paymentDeps(),
        {
          number,
          amount: request.body.amount,
          language: request.language,
          idempotencyKey: request.headers['idempotency-key'],
          returnUrlOf: (paymentId) => `${base}/lines/${encodeURIComponent(number)}/top-up/${paymentId}`,
          webhookUrlOf: (provider) => `${base}/api/v1/payments/webhooks/${provider}`,
        },
        actorOf(request),
      );
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(payment);
    },
  );

  app.get(
    '/lines/:number/payments',
    {
      preHandler: requireReadAccess(mode),
      schema: {
        tags,
        summary: 'The latest card payments of the line, newest first',
        params: NumberParam,
        querystring: LangQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ payments: z.array(Payment) }), ...problems(400, 403, 404) },
      },
    },
    async (request) => ({
      payments: await listPayments(deps, { number: request.params.number, limit: request.query.limit, language: request.language }),
    }),
  );

  app.get(
    '/lines/:number/payments/:paymentId',
    {
      preHandler: requireReadAccess(mode),
      schema: {
        tags,
        summary: 'One card payment of the line: pending, succeeded, failed or canceled',
        params: PaymentIdParam,
        querystring: LangQuery,
        response: { 200: Payment, ...problems(400, 403, 404) },
      },
    },
    async (request) => getPayment(deps, { number: request.params.number, paymentId: request.params.paymentId, language: request.language }),
  );
};

/** Provider webhooks: the JSON body stays raw bytes (this plugin's own parser) so the signature covers exactly what was sent. */
export const paymentWebhookRoutes: FastifyPluginAsyncZod<Omit<PaymentRouteOptions, 'mode' | 'publicUrl'>> = async (
  app,
  { deps, payments, log },
) => {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json'], { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/payments/webhooks/:provider',
    {
      schema: {
        tags: ['channels'],
        summary: 'A payment provider signed event (Stripe-Signature); 400 on a bad signature, 200 for duplicates',
        params: z.strictObject({ provider: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/) }),
        response: { 200: WebhookAnswer, ...problems(400, 404, 422, 503) },
      },
    },
    async (request) => {
      if (!payments) throw new AppError('payment_provider_unavailable', 'no payment provider configured');
      if (!Buffer.isBuffer(request.body)) throw new AppError('invalid_input', 'webhook without a JSON body');
      const outcome = await receivePaymentWebhook(
        { ...deps, payments, log },
        { provider: request.params.provider, rawBody: request.body, headers: request.headers },
      );
      return { received: true as const, outcome };
    },
  );
};
