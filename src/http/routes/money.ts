/**
 * REST for money (issue 3): top-ups, charges, two-step purchases, refunds, balances and their
 * history. Every money-moving request needs an `Idempotency-Key` header; a replay answers with
 * the first result and `Idempotent-Replayed: true`. Handlers only parse and call the core.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { builtResponse } from '../built-response.ts';
import type { CoreDeps } from '../../core/context.ts';
import { capturePurchase } from '../../core/ledger/capture-purchase.ts';
import { CHARGE_KINDS, chargeBalance } from '../../core/ledger/charge-balance.ts';
import { chargeBalances, MAX_CHARGE_BATCH } from '../../core/ledger/charge-balances.ts';
import { getBalanceHistory } from '../../core/ledger/get-balance-history.ts';
import { getLineBalances } from '../../core/ledger/get-line-balances.ts';
import type { Idempotent } from '../../core/ledger/idempotency.ts';
import { MAX_AMOUNT } from '../../core/ledger/money-line.ts';
import { FUNDING_SOURCES, MAX_HOLD_SECONDS } from '../../core/ledger/purchase.ts';
import { refundTransfer } from '../../core/ledger/refund-transfer.ts';
import { reservePurchase } from '../../core/ledger/reserve-purchase.ts';
import { TOP_UP_SOURCES, topUpBalance } from '../../core/ledger/top-up-balance.ts';
import { voidPurchase } from '../../core/ledger/void-purchase.ts';
import { actorOf, lineActors, requireAction, requireReadAccess, requireWriteAccess } from '../access.ts';
import { problemOf } from '../problem.ts';
import { usePrecomputedSecurityHeaders } from '../security-headers.ts';
import { Id, LangQuery, Money, NumberParam, ProblemSchema, problems } from '../schemas.ts';

const Amount = z.number().int().min(1).max(MAX_AMOUNT);
const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII'),
});
const PositiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const TopUpBody = z.strictObject({
  amount: Amount,
  source: z.enum(TOP_UP_SOURCES),
  externalRef: z.string().min(1).max(100).optional(),
});
const TopUp = z
  .object({
    transferId: z.number().int(),
    number: z.string(),
    amount: Money,
    source: z.enum(TOP_UP_SOURCES),
    externalRef: z.string().nullable(),
    balance: Money,
    unblocked: z.boolean(),
    at: z.string(),
  })
  .meta({ id: 'TopUp' });

const ChargeBody = z.strictObject({ amount: Amount, kind: z.enum(CHARGE_KINDS), description: z.string().min(1).max(200) });
const Charge = z
  .object({
    transferId: z.number().int(),
    number: z.string(),
    amount: Money,
    kind: z.enum(CHARGE_KINDS),
    description: z.string(),
    balance: Money,
    at: z.string(),
  })
  .meta({ id: 'Charge' });

const IdempotencyKey = IdempotencyHeaders.shape['idempotency-key'];
const ChargeBatchBody = z.strictObject({
  items: z
    .array(ChargeBody.extend({ number: NumberParam.shape.number, idempotencyKey: IdempotencyKey }))
    .min(1)
    .max(MAX_CHARGE_BATCH),
});
const ChargeBatch = z
  .object({
    results: z.array(
      z.object({
        idempotencyKey: z.string(),
        status: z.number().int(),
        replayed: z.boolean(),
        charge: Charge.optional(),
        problem: ProblemSchema.optional(),
      }),
    ),
  })
  .meta({ id: 'ChargeBatch' });

const PurchaseBody = z.strictObject({
  amount: Amount,
  source: z.enum(FUNDING_SOURCES),
  serviceId: Id.optional(),
  description: z.string().min(1).max(200).optional(),
  holdSeconds: z.number().int().min(1).max(MAX_HOLD_SECONDS).optional(),
});
const Purchase = z
  .object({
    purchaseId: z.number().int(),
    number: z.string(),
    status: z.enum(['pending', 'posted', 'voided', 'expired']),
    source: z.enum(FUNDING_SOURCES),
    serviceId: z.string().nullable(),
    amount: z.number().int(),
    unit: z.string(),
    description: z.string().nullable(),
    expiresAt: z.string(),
    transferId: z.number().int().nullable(),
    createdAt: z.string(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Purchase' });

const RefundBody = z.strictObject({
  transferId: z.number().int().positive(),
  amount: Amount.optional(),
  reason: z.string().min(1).max(200).optional(),
});
const Refund = z
  .object({
    transferId: z.number().int(),
    refundOf: z.number().int(),
    number: z.string(),
    amount: z.number().int(),
    unit: z.string(),
    balance: Money,
    at: z.string(),
  })
  .meta({ id: 'Refund' });

const Balances = z
  .object({
    number: z.string(),
    currency: z.string(),
    accounts: z.array(
      z.object({
        account: z.string(),
        unit: z.string(),
        balance: z.number().int(),
        reserved: z.number().int(),
        available: z.number().int(),
        floor: z.number().int().nullable(),
      }),
    ),
    purchaseLimit: z.object({ month: z.string(), limit: z.number().int(), used: z.number().int(), reserved: z.number().int() }).nullable(),
    carrierBilling: z.object({
      month: z.string(),
      used: z.number().int(),
      perMonth: z.number().int().nullable(),
      perTransaction: z.number().int().nullable(),
    }),
  })
  .meta({ id: 'LineBalances' });

const History = z
  .object({
    account: z.string(),
    unit: z.string(),
    balance: z.number().int(),
    reserved: z.number().int(),
    postings: z.array(
      z.object({
        transferId: z.number().int(),
        at: z.string(),
        kind: z.string(),
        description: z.string().nullable(),
        externalRef: z.string().nullable(),
        amount: z.number().int(),
        balanceAfter: z.number().int(),
      }),
    ),
    nextBefore: z.number().int().nullable(),
  })
  .meta({ id: 'BalanceHistory' });

const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: PositiveId.optional(),
});
const AccountName = z.string().regex(/^[a-z][a-z0-9:#-]{0,63}$/, 'an account kind or code such as main or purchase-limit:2026-11');

function send<T>(reply: FastifyReply, status: number, outcome: Idempotent<T>) {
  if (outcome.replayed) void reply.header('idempotent-replayed', 'true');
  return reply.code(status).send(outcome.result);
}

export const moneyRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps; mode: 'demo' | 'production' }> = async (app, { deps, mode }) => {
  const tags = ['money'];
  const write = requireWriteAccess(mode);
  const read = requireReadAccess(mode);
  // Hot routes: the global helmet's headers, precomputed once.
  usePrecomputedSecurityHeaders(app);

  app.post(
    '/lines/:number/top-ups',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Top up the main balance (card, cash terminal, voucher, agent adjustment); unblocks a prepaid line back at zero or more',
        params: NumberParam,
        querystring: LangQuery,
        headers: IdempotencyHeaders,
        body: TopUpBody,
        response: { 201: TopUp, ...problems(400, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        201,
        await topUpBalance(
          deps,
          {
            number: request.params.number,
            amount: request.body.amount,
            source: request.body.source,
            externalRef: request.body.externalRef ?? null,
            language: request.language,
            idempotencyKey: request.headers['idempotency-key'],
          },
          actorOf(request),
        ),
      ),
  );

  app.post(
    '/lines/:number/charges',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Charge a fee or a one-step purchase to the main balance',
        params: NumberParam,
        querystring: LangQuery,
        headers: IdempotencyHeaders,
        body: ChargeBody,
        response: { 201: Charge, ...problems(400, 402, 403, 404, 409) },
      },
      ...builtResponse(app),
    },
    async (request, reply) =>
      send(
        reply,
        201,
        await chargeBalance(
          deps,
          {
            ...request.body,
            number: request.params.number,
            language: request.language,
            idempotencyKey: request.headers['idempotency-key'],
          },
          actorOf(request),
        ),
      ),
  );

  app.post(
    '/charges/batch',
    {
      schema: {
        tags,
        summary: `Charge up to ${MAX_CHARGE_BATCH} lines in one request (billing, mediation, content partners)`,
        description:
          'Each item is its own idempotent charge (its own key) with its own outcome in `results`, in the order sent: ' +
          'status 201 with the charge, or the problem (402 insufficient funds, 403, 404...) for that item alone. ' +
          'The items are committed together, so a batch costs the disk one wait, not one per charge.',
        querystring: LangQuery,
        body: ChargeBatchBody,
        response: { 200: ChargeBatch, ...problems(400, 403) },
      },
      // Every field below is set here from typed values, and a replayed charge is the result this
      // same code stored: no need to check up to 1,000 results against the schema in production.
      ...builtResponse(app),
    },
    async (request) => {
      const outcomes = await chargeBalances(deps, {
        items: request.body.items,
        language: request.language,
        actorFor: lineActors(request, mode, 'line.change'),
      });
      return {
        results: outcomes.map((o, i) => {
          const idempotencyKey = request.body.items[i]?.idempotencyKey ?? '';
          if (o.charged) return { idempotencyKey, status: 201, replayed: o.charged.replayed, charge: o.charged.result };
          const problem = problemOf(request, o.refused.code, o.refused.params, o.refused.fields);
          return { idempotencyKey, status: problem.status, replayed: false, problem };
        }),
      };
    },
  );

  app.post(
    '/lines/:number/purchases',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Reserve a purchase on a funding source: balance, purchase limit, loyalty points or the fixed-line bill (S0.4, S0.6-S0.8)',
        params: NumberParam,
        querystring: LangQuery,
        headers: IdempotencyHeaders,
        body: PurchaseBody,
        response: { 201: Purchase, ...problems(400, 402, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        201,
        await reservePurchase(
          deps,
          {
            number: request.params.number,
            amount: request.body.amount,
            source: request.body.source,
            serviceId: request.body.serviceId ?? null,
            description: request.body.description ?? null,
            holdSeconds: request.body.holdSeconds,
            language: request.language,
            idempotencyKey: request.headers['idempotency-key'],
          },
          actorOf(request),
        ),
      ),
  );

  for (const [action, run, summary] of [
    ['capture', capturePurchase, 'Confirm a reserved purchase after delivery'],
    ['void', voidPurchase, 'Cancel a reserved purchase and release the money'],
  ] as const) {
    app.post(
      `/lines/:number/purchases/:purchaseId/${action}`,
      {
        preHandler: write,
        schema: {
          tags,
          summary,
          params: NumberParam.extend({ purchaseId: PositiveId }),
          querystring: LangQuery,
          headers: IdempotencyHeaders,
          response: { 200: Purchase, ...problems(400, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        send(
          reply,
          200,
          await run(
            deps,
            { number: request.params.number, purchaseId: request.params.purchaseId, idempotencyKey: request.headers['idempotency-key'] },
            actorOf(request),
          ),
        ),
    );
  }

  app.post(
    '/lines/:number/refunds',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Refund all or part of a fee or purchase',
        params: NumberParam,
        querystring: LangQuery,
        headers: IdempotencyHeaders,
        body: RefundBody,
        response: { 201: Refund, ...problems(400, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        201,
        await refundTransfer(
          deps,
          {
            number: request.params.number,
            transferId: request.body.transferId,
            amount: request.body.amount,
            reason: request.body.reason ?? null,
            language: request.language,
            idempotencyKey: request.headers['idempotency-key'],
          },
          actorOf(request),
        ),
      ),
  );

  app.get(
    '/lines/:number/balances',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Every balance of the line with reserved amounts, floors and monthly purchase usage',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: Balances, ...problems(400, 404) },
      },
    },
    async (request) => getLineBalances(deps, { number: request.params.number }),
  );

  app.get(
    '/lines/:number/balances/:account/history',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Postings of one balance of the line, newest first, with the balance after each',
        params: NumberParam.extend({ account: AccountName }),
        querystring: HistoryQuery,
        response: { 200: History, ...problems(400, 404) },
      },
    },
    async (request) =>
      getBalanceHistory(deps, {
        number: request.params.number,
        account: request.params.account,
        limit: request.query.limit,
        before: request.query.before,
      }),
  );

  app.get(
    '/ledger/accounts/:account/history',
    {
      preHandler: requireAction(mode, 'audit.read'),
      schema: {
        tags,
        summary: 'Postings of one operator account (revenue, clearing, receivables, liabilities)',
        params: z.strictObject({ account: AccountName }),
        querystring: HistoryQuery,
        response: { 200: History, ...problems(400, 404) },
      },
    },
    async (request) =>
      getBalanceHistory(deps, { number: null, account: request.params.account, limit: request.query.limit, before: request.query.before }),
  );
};
