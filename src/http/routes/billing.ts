/**
 * REST for money a line owes and spends: promised payment (S4.7), daily and monthly spend (S4.4),
 * itemized details as JSON, CSV and PDF (S4.6), usage ingestion (JSON batch and CSV file) and a
 * billing run. Handlers only parse, call the core use case and return its result.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getItemizedDetails } from '../../core/billing/get-itemized-details.ts';
import { getPromisedPaymentOffer } from '../../core/billing/get-promised-payment-offer.ts';
import { itemizedDetailsCsv } from '../../core/billing/itemized-details-csv.ts';
import { itemizedDetailsPdf } from '../../core/billing/itemized-details-pdf.ts';
import { runBillingCycle } from '../../core/billing/run-billing-cycle.ts';
import { takePromisedPayment } from '../../core/billing/take-promised-payment.ts';
import type { CoreDeps } from '../../core/context.ts';
import { getSpend } from '../../core/usage/get-spend.ts';
import { importUsageCsv } from '../../core/usage/import-usage-csv.ts';
import { ingestUsage } from '../../core/usage/ingest-usage.ts';
import { actorOf, requireReadAccess, requireWriteAccess } from '../access.ts';
import { LangQuery, Money, NumberParam, problems } from '../schemas.ts';

const PromisedPayment = z
  .object({
    number: z.string(),
    amount: Money,
    fee: Money,
    outstanding: Money,
    status: z.enum(['open', 'repaid', 'debt']),
    takenAt: z.string(),
    dueAt: z.string(),
    balance: Money,
    lineStatus: z.enum(['active', 'blocked', 'suspended']),
  })
  .meta({ id: 'PromisedPayment' });

const PromisedPaymentOffer = z
  .object({
    number: z.string(),
    offered: z.boolean(),
    available: z.boolean(),
    reasons: z.array(z.string()),
    maxAmount: Money.nullable(),
    fee: Money.nullable(),
    validityDays: z.number().int().nullable(),
    open: PromisedPayment.nullable(),
  })
  .meta({ id: 'PromisedPaymentOffer' });

const SpendByKind = z.object({ kind: z.string(), units: z.number().int(), includedUnits: z.number().int(), amount: Money });
const Spend = z
  .object({
    number: z.string(),
    month: z.string(),
    total: Money,
    byKind: z.array(SpendByKind),
    days: z.array(z.object({ day: z.string(), total: Money, byKind: z.array(SpendByKind) })),
    recentMonths: z
      .array(z.object({ month: z.string(), total: Money }))
      .describe('Total of each of the 6 months up to and including `month`, oldest first'),
  })
  .meta({ id: 'Spend' });

const Details = z
  .object({
    number: z.string(),
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    language: z.string(),
    items: z.array(
      z.object({
        at: z.string(),
        localTime: z.string(),
        type: z.enum(['voice', 'sms', 'data', 'top-up', 'fee', 'charge', 'credit']),
        typeName: z.string(),
        description: z.string(),
        counterparty: z.string().nullable(),
        quantity: z.string(),
        amount: Money,
      }),
    ),
    charged: Money,
    credited: Money,
  })
  .meta({ id: 'ItemizedDetails' });

const DetailsQuery = LangQuery.extend({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
});

const UsageRecord = z.strictObject({
  number: z.string().max(16),
  type: z.enum(['voice', 'sms', 'data']),
  counterparty: z.string().max(40).nullable().optional(),
  start: z.string().max(40),
  seconds: z.number().int().nonnegative().nullable().optional(),
  kilobytes: z.number().int().nonnegative().nullable().optional(),
  count: z.number().int().positive().nullable().optional(),
});
const UsageBatch = z.strictObject({
  batchKey: z.string().regex(/^[A-Za-z0-9:._-]{1,128}$/, '1-128 letters, digits, : . _ -'),
  records: z.array(UsageRecord).min(1).max(10_000),
});
const UsageResult = z
  .object({ batchKey: z.string(), records: z.number().int(), amount: z.number().int(), lines: z.number().int(), blocked: z.number().int() })
  .meta({ id: 'UsageBatchResult' });

const BillingRun = z
  .object({
    promisedPayments: z.object({ repaid: z.number().int(), becameDebt: z.number().int(), blocked: z.number().int() }),
    fees: z.object({ lines: z.number().int(), charged: z.number().int(), unpaid: z.number().int(), blocked: z.number().int() }),
  })
  .meta({ id: 'BillingRun' });

/** CSV uploads may be larger than JSON requests. */
const CSV_BODY_LIMIT = 50 * 1024 * 1024;

export const billingRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps; mode: 'demo' | 'production' }> = async (app, { deps, mode }) => {
  const write = requireWriteAccess(mode);
  const read = requireReadAccess(mode);
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get(
    '/lines/:number/promised-payment',
    {
      preHandler: read,
      schema: {
        tags: ['lines'],
        summary: 'Promised payment: terms, whether this line may take one now, the open one (S4.7)',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: PromisedPaymentOffer, ...problems(400, 404) },
      },
    },
    async (request) => getPromisedPaymentOffer(deps, { number: request.params.number, language: request.language }),
  );

  app.post(
    '/lines/:number/promised-payment',
    {
      preHandler: write,
      schema: {
        tags: ['lines'],
        summary: 'Take a promised payment (S4.7); amount in minor units',
        params: NumberParam,
        querystring: LangQuery,
        body: z.strictObject({ amount: z.number().int().positive().max(1_000_000_000) }),
        response: { 201: PromisedPayment, ...problems(400, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const result = await takePromisedPayment(
        deps,
        { number: request.params.number, amount: request.body.amount, language: request.language },
        actorOf(request),
      );
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/lines/:number/spend',
    {
      preHandler: read,
      schema: {
        tags: ['lines'],
        summary: 'Daily and monthly spend (S4.4)',
        params: NumberParam,
        querystring: LangQuery.extend({
          month: z
            .string()
            .regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM')
            .optional(),
        }),
        response: { 200: Spend, ...problems(400, 404) },
      },
    },
    async (request) => getSpend(deps, { number: request.params.number, month: request.query.month, language: request.language }),
  );

  app.get(
    '/lines/:number/details',
    {
      preHandler: read,
      schema: {
        tags: ['lines'],
        summary: 'Itemized details for local days from..to (S4.6): calls, SMS, data, top-ups and fees',
        params: NumberParam,
        querystring: DetailsQuery,
        response: { 200: Details, ...problems(400, 404) },
      },
    },
    async (request) =>
      getItemizedDetails(deps, {
        number: request.params.number,
        from: request.query.from,
        to: request.query.to,
        language: request.language,
      }),
  );

  app.get(
    '/lines/:number/details.csv',
    {
      preHandler: read,
      schema: {
        tags: ['lines'],
        summary: 'Itemized details as CSV (S4.6)',
        params: NumberParam,
        querystring: DetailsQuery,
        produces: ['text/csv'],
        response: { 200: z.string().meta({ description: 'text/csv' }), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const details = await getItemizedDetails(deps, {
        number: request.params.number,
        from: request.query.from,
        to: request.query.to,
        language: request.language,
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="details-${details.from}-${details.to}.csv"`)
        .send(itemizedDetailsCsv(details, deps.profile.currency.minorUnits));
    },
  );

  app.get(
    '/lines/:number/details.pdf',
    {
      preHandler: read,
      schema: {
        tags: ['lines'],
        summary: 'Itemized details as PDF, in the request language (S4.6)',
        params: NumberParam,
        querystring: DetailsQuery,
        produces: ['application/pdf'],
        response: { 200: z.unknown().meta({ description: 'application/pdf' }), ...problems(400, 404, 503) },
      },
    },
    async (request, reply) => {
      const details = await getItemizedDetails(deps, {
        number: request.params.number,
        from: request.query.from,
        to: request.query.to,
        language: request.language,
      });
      const pdf = await itemizedDetailsPdf(details, deps.profile);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="details-${details.from}-${details.to}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/usage',
    {
      preHandler: write,
      schema: {
        tags: ['usage'],
        summary: 'Ingest a batch of usage records (JSON); all or nothing; a batch key is used once',
        body: UsageBatch,
        response: { 201: UsageResult, ...problems(400, 403, 409) },
      },
    },
    async (request, reply) => {
      const result = await ingestUsage(deps, { batchKey: request.body.batchKey, source: 'api', records: request.body.records });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/usage/csv',
    {
      preHandler: write,
      bodyLimit: CSV_BODY_LIMIT,
      schema: {
        tags: ['usage'],
        summary: 'Import a usage CSV file (text/csv): number,type,counterparty,start,seconds,kilobytes',
        querystring: z.strictObject({
          batchKey: z
            .string()
            .regex(/^[A-Za-z0-9:._-]{1,128}$/)
            .optional(),
        }),
        body: z.string().min(1),
        response: { 201: UsageResult, ...problems(400, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const result = await importUsageCsv(deps, { text: request.body, batchKey: request.query.batchKey });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/billing/run',
    {
      preHandler: write,
      schema: {
        tags: ['usage'],
        summary: 'Run billing now: expire promised payments, charge the current period fees (each at most once)',
        response: { 200: BillingRun, ...problems(403) },
      },
    },
    async () => runBillingCycle(deps),
  );
};
