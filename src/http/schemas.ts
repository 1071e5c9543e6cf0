/** Wire schemas shared by routes. Response schemas whitelist what leaves the server. */
import { z } from 'zod';
import { LANGUAGES } from '../profiles/schema.ts';

export const Money = z.object({ minor: z.number().int(), currency: z.string(), text: z.string() }).meta({ id: 'Money' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    instance: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: 'Problem' });

export const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));

export const LangQuery = z.strictObject({ lang: z.enum(LANGUAGES).optional() });

/** A phone number as the user typed it; the core parses it (E.164 or national format). */
export const NumberParam = z.strictObject({ number: z.string().min(1).max(32) });

export const Id = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a lowercase id such as smart-plus');
