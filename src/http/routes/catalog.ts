/** Public, read-only facts about the operator: contacts, languages, currency and the catalog. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { moneyView } from '../../core/money.ts';
import { localize, type Profile } from '../../profiles/profile.ts';
import { LangQuery, Money } from '../schemas.ts';

const OperatorInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    brand: z.string(),
    brandColor: z.string(),
    currency: z.string(),
    languages: z.array(z.string()),
    timeZone: z.string(),
    contacts: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    shortNumbers: z.array(z.object({ name: z.string(), number: z.string(), purpose: z.string() })),
    mode: z.enum(['demo', 'production']),
    /** Digits after the decimal point of the currency: API amounts in minor units divide by 10^minorUnits. */
    minorUnits: z.number().int(),
  })
  .meta({ id: 'OperatorInfo' });

const Catalog = z
  .object({
    tariffs: z.array(
      z.object({ id: z.string(), name: z.string(), fee: Money, period: z.string(), segments: z.array(z.string()).nullable() }),
    ),
    services: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        fee: Money.nullable(),
        period: z.string().nullable(),
        pilot: z.boolean(),
        ussd: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Catalog' });

export const catalogRoutes: FastifyPluginAsyncZod<{ profile: Profile; mode: 'demo' | 'production' }> = async (app, { profile, mode }) => {
  const tags = ['operator'];
  app.get(
    '/operator',
    { schema: { tags, summary: 'The operator: contacts, languages, currency', querystring: LangQuery, response: { 200: OperatorInfo } } },
    async (request) => ({
      id: profile.id,
      name: profile.name,
      brand: profile.brand,
      brandColor: profile.brandColor,
      currency: profile.currency.code,
      languages: profile.languages,
      timeZone: profile.timeZone,
      contacts: Object.fromEntries(Object.entries(profile.contacts).filter(([, v]) => v !== undefined)),
      shortNumbers: Object.entries(profile.shortNumbers).map(([name, s]) => ({
        name,
        number: s.number,
        purpose: localize(s.purpose, request.language, profile.defaultLanguage),
      })),
      mode,
      minorUnits: profile.currency.minorUnits,
    }),
  );

  app.get(
    '/catalog',
    { schema: { tags, summary: 'All current tariffs and services', querystring: LangQuery, response: { 200: Catalog } } },
    async (request) => {
      const lang = request.language;
      const money = (minor: number) => moneyView(minor, profile.currency, lang);
      return {
        tariffs: profile.tariffs
          .filter((t) => !t.archived)
          .map((t) => ({
            id: t.id,
            name: localize(t.names, lang, profile.defaultLanguage),
            fee: money(t.fee.amount),
            period: t.fee.period,
            segments: t.eligibility.segments ?? null,
          })),
        services: profile.services.map((s) => ({
          id: s.id,
          name: localize(s.names, lang, profile.defaultLanguage),
          fee: s.fee ? money(s.fee.amount) : null,
          period: s.fee?.period ?? null,
          pilot: s.pilot,
          ussd: s.activation.ussd ?? null,
        })),
      };
    },
  );
};
