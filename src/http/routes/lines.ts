/**
 * REST for one subscriber line (S2.1, S4.4, S4.5): overview, offers, tariff quote and change,
 * service on/off, history. Handlers only parse, call the core use case and return its result.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { builtResponse } from '../built-response.ts';
import { activateService } from '../../core/catalog/activate-service.ts';
import { adviseTariff } from '../../core/catalog/advise-tariff.ts';
import { changeTariff } from '../../core/catalog/change-tariff.ts';
import { deactivateService } from '../../core/catalog/deactivate-service.ts';
import { listOffers } from '../../core/catalog/list-offers.ts';
import { quoteTariffChange } from '../../core/catalog/quote-tariff-change.ts';
import type { CoreDeps } from '../../core/context.ts';
import { getLineHistory } from '../../core/subscribers/get-line-history.ts';
import { getSubscriberOverview } from '../../core/subscribers/get-subscriber-overview.ts';
import { actorOf, contractPasswordOf, requireReadAccess, requireWriteAccess } from '../access.ts';
import { Id, LangQuery, Money, NumberParam, problems } from '../schemas.ts';

const LastPosting = z
  .object({
    at: z.string(),
    amount: Money,
    kind: z.string().describe('Ledger transfer kind: top-up, usage, tariff-fee, service-fee, purchase...'),
  })
  .meta({ id: 'LastPosting' });

const Overview = z
  .object({
    number: z.string(),
    status: z.enum(['active', 'blocked', 'suspended']),
    segment: z.enum(['consumer', 'corporate', 'vip']),
    paymentType: z.enum(['prepaid', 'postpaid']),
    lineType: z.enum(['mobile', 'pstn', 'voip']),
    language: z.string(),
    customer: z.object({ kind: z.enum(['individual', 'corporate']), name: z.string(), region: z.string().nullable() }),
    tariff: z.object({ id: z.string(), name: z.string(), fee: Money, period: z.string() }),
    services: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        fee: Money.nullable(),
        period: z.string().nullable(),
        pilot: z.boolean(),
        activatedAt: z.string(),
      }),
    ),
    balance: Money,
    loyaltyPoints: z.number().int(),
    blockedNumbers: z.array(z.string()),
    lastPayment: LastPosting.nullable().describe('The newest top-up of the main balance'),
    lastDebit: LastPosting.nullable().describe('The newest debit of the main balance (usage, fee, purchase...)'),
  })
  .meta({ id: 'LineOverview' });

const Offers = z
  .object({
    tariffs: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        fee: Money,
        period: z.string(),
        changeFee: Money,
        included: z.object({ voiceMinutes: z.number(), sms: z.number(), dataMb: z.number() }),
        prices: z.object({ voicePerMinute: Money, smsEach: Money, dataPerMb: Money }),
        current: z.boolean(),
      }),
    ),
    services: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        description: z.string(),
        fee: Money.nullable(),
        period: z.string().nullable(),
        activationFee: Money,
        active: z.boolean(),
        pilot: z.boolean(),
        includedInTariff: z.boolean(),
        ussd: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Offers' });

const TariffRef = z.object({ id: z.string(), name: z.string(), fee: Money, period: z.string() });
const Quote = z
  .object({
    from: TariffRef,
    to: TariffRef,
    changeFee: Money,
    effectiveFrom: z.string(),
    servicesRemoved: z.array(z.object({ id: z.string(), name: z.string() })),
    servicesAdded: z.array(z.object({ id: z.string(), name: z.string() })),
    balanceAfter: Money,
    affordable: z.boolean(),
  })
  .meta({ id: 'TariffChangeQuote' });

const ServiceChange = z
  .object({
    number: z.string(),
    serviceId: z.string(),
    name: z.string(),
    active: z.boolean(),
    at: z.string(),
    fee: Money.nullable(),
    pilot: z.boolean(),
  })
  .meta({ id: 'ServiceChange' });

const History = z
  .object({
    tariffs: z.array(z.object({ tariffId: z.string(), validFrom: z.string(), validTo: z.string().nullable() })),
    services: z.array(z.object({ serviceId: z.string(), activatedAt: z.string(), deactivatedAt: z.string().nullable() })),
    audit: z.array(
      z.object({
        at: z.string(),
        actorType: z.string(),
        actorId: z.string(),
        channel: z.string(),
        action: z.string(),
        before: z.unknown(),
        after: z.unknown(),
        interactionId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'LineHistory' });

const TariffCost = z.object({
  id: z.string(),
  name: z.string(),
  fee: Money,
  period: z.string(),
  monthlyCost: Money.describe('Average per month of usage beyond the allowances plus tariff and service fees'),
  monthlyUsage: Money,
  monthlyFees: Money,
});
const TariffAdvice = z
  .object({
    number: z.string(),
    verdict: z.enum(['switch', 'keep', 'not-enough-usage']),
    months: z.array(z.string()).describe('The full billing months whose usage was rated (the last three, those with usage)'),
    from: z.string(),
    to: z.string(),
    records: z.number().int(),
    current: TariffCost.nullable(),
    suggested: TariffCost.extend({ monthlySaving: Money, changeFee: Money }).nullable(),
    tariffs: z.array(TariffCost).describe('Every tariff the line may choose, the current one too, cheapest first'),
  })
  .meta({ id: 'TariffAdvice' });

const TariffBody = z.strictObject({ tariffId: Id });
const ServiceBody = z.strictObject({ serviceId: Id });

export const lineRoutes: FastifyPluginAsyncZod<{ deps: CoreDeps; mode: 'demo' | 'production' }> = async (app, { deps, mode }) => {
  const tags = ['lines'];
  const write = requireWriteAccess(mode);
  const read = requireReadAccess(mode);

  app.get(
    '/lines/:number',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Subscriber overview (S4.4)',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: Overview, ...problems(400, 401, 403, 404) },
      },
      // getSubscriberOverview builds every field itself: no schema check per home page in production.
      ...builtResponse(app),
    },
    async (request) => getSubscriberOverview(deps, { number: request.params.number, language: request.language }),
  );

  app.get(
    '/lines/:number/offers',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Tariffs and services this line may choose',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: Offers, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => listOffers(deps, { number: request.params.number, language: request.language }),
  );

  app.get(
    '/lines/:number/tariff-advice',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Tariff advice (S2.3): the last full months of real usage priced on every tariff this line may choose',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: TariffAdvice, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => adviseTariff(deps, { number: request.params.number, language: request.language }),
  );

  app.post(
    '/lines/:number/tariff/quote',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Quote a tariff change: fees, services that go and come, from when',
        params: NumberParam,
        querystring: LangQuery,
        body: TariffBody,
        response: { 200: Quote, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      quoteTariffChange(deps, { number: request.params.number, tariffId: request.body.tariffId, language: request.language }),
  );

  app.put(
    '/lines/:number/tariff',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Change the tariff now',
        params: NumberParam,
        querystring: LangQuery,
        body: TariffBody,
        response: { 200: Quote, ...problems(400, 401, 402, 403, 404, 409, 422, 429) },
      },
    },
    async (request) =>
      changeTariff(
        deps,
        {
          number: request.params.number,
          tariffId: request.body.tariffId,
          language: request.language,
          contractPassword: contractPasswordOf(request),
        },
        actorOf(request),
      ),
  );

  app.post(
    '/lines/:number/services',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Turn a service on',
        params: NumberParam,
        querystring: LangQuery,
        body: ServiceBody,
        response: { 201: ServiceChange, ...problems(400, 401, 402, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const result = await activateService(
        deps,
        {
          number: request.params.number,
          serviceId: request.body.serviceId,
          language: request.language,
          contractPassword: contractPasswordOf(request),
        },
        actorOf(request),
      );
      return reply.code(201).send(result);
    },
  );

  app.delete(
    '/lines/:number/services/:serviceId',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Turn a service off',
        params: NumberParam.extend({ serviceId: Id }),
        querystring: LangQuery,
        response: { 200: ServiceChange, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      deactivateService(
        deps,
        {
          number: request.params.number,
          serviceId: request.params.serviceId,
          language: request.language,
          contractPassword: contractPasswordOf(request),
        },
        actorOf(request),
      ),
  );

  app.get(
    '/lines/:number/history',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Tariff periods, service activations and audit trail',
        params: NumberParam,
        querystring: LangQuery,
        response: { 200: History, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => getLineHistory(deps, { number: request.params.number }),
  );
};
