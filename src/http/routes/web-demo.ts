/**
 * The web app's demo number picker: the profile's demo lines, read-only, and only in demo mode
 * (in production the route does not exist and answers 404 like any unknown path).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toE164 } from '../../core/subscribers/phone-number.ts';
import type { Profile } from '../../profiles/profile.ts';
import { LangQuery } from '../schemas.ts';

const DemoLines = z
  .object({
    lines: z.array(
      z.object({
        number: z.string(),
        customer: z.string(),
        segment: z.enum(['consumer', 'corporate', 'vip']),
        paymentType: z.enum(['prepaid', 'postpaid']),
        lineType: z.enum(['mobile', 'pstn', 'voip']),
        status: z.enum(['active', 'blocked', 'suspended']),
      }),
    ),
  })
  .meta({ id: 'DemoLines' });

export const demoLineRoutes: FastifyPluginAsyncZod<{ profile: Profile; mode: 'demo' | 'production' }> = async (app, { profile, mode }) => {
  if (mode !== 'demo') return;
  const lines = profile.demo.flatMap((customer) =>
    customer.lines.map((line) => ({
      number: toE164(line.number, profile.country),
      customer: customer.name,
      segment: customer.segment,
      paymentType: line.paymentType,
      lineType: line.lineType,
      status: line.status,
    })),
  );
  app.get(
    '/demo/lines',
    {
      schema: {
        tags: ['lines'],
        summary: 'Demo mode only: the demo lines to try (404 in production)',
        querystring: LangQuery,
        response: { 200: DemoLines },
      },
    },
    async () => ({ lines }),
  );
};
