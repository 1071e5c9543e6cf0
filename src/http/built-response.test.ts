import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtResponse } from './built-response.ts';

const Answer = z.object({ n: z.number().int(), name: z.string() });

async function appWith(check: boolean, body: unknown) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('checkBuiltResponses', check);
  app.get('/x', { schema: { response: { 200: Answer } }, ...builtResponse(app) }, () => body as z.infer<typeof Answer>);
  await app.ready();
  return app;
}

describe('builtResponse', () => {
  it('writes exactly what the schema lists, checked or not', async () => {
    for (const check of [true, false]) {
      const res = await (await appWith(check, { n: 1, name: 'a' })).inject('/x');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ n: 1, name: 'a' });
    }
  });

  it('fails the request outside production when the value carries a field the schema does not list, or a wrong type', async () => {
    for (const body of [
      { n: 1, name: 'a', secret: 'hash' },
      { n: 1.5, name: 'a' },
    ]) {
      const res = await (await appWith(true, body)).inject('/x');
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('hash');
    }
  });
});
