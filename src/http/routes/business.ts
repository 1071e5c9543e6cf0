/**
 * REST for the business cabinet (S4.8): a company applies with its lines and their PUKs (anyone,
 * rate limited); an operator admin lists and reviews applications; the company admin signs in by
 * SMS code to the contact number, sees the company's lines and downloads documents as PDF. Line
 * tariffs and services change through the line endpoints, which the policy opens to the company
 * admin for the company's lines. Handlers only parse, call the core and format.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getCompanyOverview } from '../../core/business/get-company-overview.ts';
import { listBusinessApplications } from '../../core/business/list-business-applications.ts';
import { logInCompanyAdmin } from '../../core/business/log-in-company-admin.ts';
import { COMPANY_DOCUMENTS, renderCompanyDocument } from '../../core/business/render-company-document.ts';
import { requestCompanyAdminCode } from '../../core/business/request-company-admin-code.ts';
import { reviewBusinessApplication } from '../../core/business/review-business-application.ts';
import { MAX_APPLICATION_LINES, submitBusinessApplication } from '../../core/business/submit-business-application.ts';
import { anonymousActor } from '../access.ts';
import { setSessionCookies } from '../plugins/auth.ts';
import { LangQuery, Money, problems } from '../schemas.ts';

const Number_ = z.string().min(1).max(32);

const Application = z
  .object({
    id: z.number().int(),
    company: z.string(),
    region: z.string(),
    contactNumber: z.string(),
    language: z.string(),
    message: z.string(),
    lines: z.array(z.string()),
    status: z.enum(['pending', 'approved', 'rejected']),
    reason: z.string().nullable(),
    createdAt: z.string(),
    reviewedAt: z.string().nullable(),
    reviewedBy: z.string().nullable(),
  })
  .meta({ id: 'BusinessApplication' });

const PricedItem = z.object({ id: z.string(), name: z.string(), fee: Money.nullable(), period: z.string().nullable() });

const Company = z
  .object({
    company: z.object({ name: z.string(), region: z.string().nullable() }),
    lines: z.array(
      z.object({
        number: z.string(),
        status: z.enum(['active', 'blocked', 'suspended']),
        paymentType: z.enum(['prepaid', 'postpaid']),
        lineType: z.enum(['mobile', 'pstn', 'voip']),
        tariff: PricedItem,
        services: z.array(PricedItem),
        balance: Money,
      }),
    ),
    totalBalance: Money,
    monthlyFees: Money,
  })
  .meta({ id: 'Company' });

const CompanySession = z
  .object({
    /** Only for `client: "api"`; browsers get it as an HttpOnly cookie. */
    token: z.string().optional(),
    csrfToken: z.string(),
    expiresAt: z.string(),
    principal: z.object({ role: z.string(), id: z.string(), channel: z.string(), number: z.string().nullable() }),
  })
  .meta({ id: 'CompanySession' });

export const businessRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['business'];
  const deps = app.identity.deps;

  app.post(
    '/business/applications',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Apply for the business cabinet (S4.8): company, region, contact number, each line with its PUK; anyone may apply',
        querystring: LangQuery,
        body: z.strictObject({
          company: z.string().max(200),
          region: z.string().max(100),
          contactNumber: Number_,
          lines: z
            .array(z.strictObject({ number: Number_, puk: z.string().max(16) }))
            .min(1)
            .max(MAX_APPLICATION_LINES),
          message: z.string().max(2000).default(''),
        }),
        response: {
          201: z.object({ id: z.number().int(), status: z.literal('pending'), lines: z.array(z.string()) }),
          ...problems(400, 409, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await submitBusinessApplication(deps, { ...request.body, language: request.language }, anonymousActor(request));
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/business/applications',
    {
      schema: {
        tags,
        summary: 'Business applications, newest first (operator admins)',
        querystring: LangQuery.extend({
          status: z.enum(['pending', 'approved', 'rejected']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ applications: z.array(Application) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => ({
      applications: await listBusinessApplications(deps, request.principal, { status: request.query.status, limit: request.query.limit }),
    }),
  );

  app.post(
    '/business/applications/:id/review',
    {
      schema: {
        tags,
        summary: 'Approve (lines move under the company, the contact number becomes its admin) or reject with a reason (operator admins)',
        params: z.strictObject({ id: z.coerce.number().int().positive() }),
        querystring: LangQuery,
        body: z.strictObject({ decision: z.enum(['approve', 'reject']), reason: z.string().max(500).optional() }),
        response: { 200: Application, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      reviewBusinessApplication(deps, request.principal, {
        id: request.params.id,
        decision: request.body.decision,
        reason: request.body.reason,
      }),
  );

  app.post(
    '/business/login/code',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "Send a sign-in code to a company admin's contact number; the same answer for any number",
        querystring: LangQuery,
        body: z.strictObject({ number: Number_ }),
        response: { 202: z.object({ sent: z.literal(true), expiresInSeconds: z.number().int() }), ...problems(400, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await requestCompanyAdminCode(deps, { number: request.body.number, language: request.language }, anonymousActor(request))),
  );

  app.post(
    '/business/login',
    {
      schema: {
        tags,
        summary: 'Sign in as the company admin with the SMS code; browsers get cookies, `client: "api"` a bearer token',
        querystring: LangQuery,
        body: z.strictObject({
          number: Number_,
          code: z.string().regex(/^[0-9]{4,8}$/, 'the digits from the SMS'),
          client: z.enum(['browser', 'api']).default('browser'),
        }),
        response: { 200: CompanySession, ...problems(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const grant = await logInCompanyAdmin(deps, request.body, anonymousActor(request));
      const body: z.infer<typeof CompanySession> = {
        csrfToken: grant.csrfToken,
        expiresAt: grant.expiresAt,
        principal: { role: grant.principal.role, id: grant.principal.id, channel: grant.principal.channel, number: null },
      };
      if (request.body.client === 'api') body.token = grant.token;
      else setSessionCookies(reply, app.identity, grant);
      return reply.send(body);
    },
  );

  app.get(
    '/business/company',
    {
      schema: {
        tags,
        summary: "The company admin's company: every line with balance, tariff, status and services",
        querystring: LangQuery,
        response: { 200: Company, ...problems(401, 403) },
      },
    },
    async (request) => getCompanyOverview(deps, request.principal, { language: request.language }),
  );

  app.get(
    '/business/company/documents/:kind.pdf',
    {
      schema: {
        tags,
        summary: 'A company document as PDF in the request language: invoice copy, itemized report (of a month) or contract summary',
        params: z.strictObject({ kind: z.enum(COMPANY_DOCUMENTS) }),
        querystring: LangQuery.extend({ period: z.string().regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM') }),
        produces: ['application/pdf'],
        response: { 200: z.unknown().meta({ description: 'application/pdf' }), ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const document = await renderCompanyDocument(deps, request.principal, {
        kind: request.params.kind,
        period: request.query.period,
        language: request.language,
      });
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${document.filename}"`).send(document.pdf);
    },
  );
};
