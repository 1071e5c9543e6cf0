/**
 * Response writing for the hottest routes (the home overview, charges, charge batches). Every other
 * route's response goes through the zod type provider's serializer, which encodes the value with
 * its schema (dropping whatever the schema does not list) and then writes it: on a charge batch
 * that check measured 10-20 µs a result, about half of what the result's SQL costs. A route may opt out with `builtResponse(app)` when its
 * handler builds every field of the response itself from typed values (no database row passed
 * through). Then:
 * - in production the value is written with `JSON.stringify` alone;
 * - in development and tests it is still encoded with the schema, and a value that the schema
 *   would change (a field it does not list, a wrong type) fails the request, so what production
 *   sends unchecked is what the schema would have let through.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { safeEncode, type ZodType } from 'zod';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether `builtResponse` routes still check their responses against the schema (everywhere but production). */
    checkBuiltResponses: boolean;
  }
}

type SerializerCompiler = (route: { schema: unknown; method: string; url: string }) => (data: unknown) => string;

/** Route options: write the response without the schema check in production (see the module comment). */
export function builtResponse(app: FastifyInstance): { serializerCompiler: SerializerCompiler } {
  if (!app.checkBuiltResponses) return { serializerCompiler: () => (data) => JSON.stringify(data) };
  return {
    serializerCompiler:
      ({ schema, method, url }) =>
      (data) => {
        const json = JSON.stringify(data);
        const encoded = safeEncode(schema as ZodType, data);
        if (encoded.error || !isDeepStrictEqual(JSON.parse(JSON.stringify(encoded.data)) as unknown, JSON.parse(json) as unknown)) {
          throw new Error(`${method} ${url}: the response is not exactly what its schema lists`, { cause: encoded.error });
        }
        return json;
      },
  };
}
