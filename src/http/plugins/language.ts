/** Decides the language of each request: `?lang=`, else Accept-Language, else the profile's default. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Language } from '../../profiles/schema.ts';

declare module 'fastify' {
  interface FastifyRequest {
    language: Language;
  }
}

export const languagePlugin = fp(
  (app: FastifyInstance, opts: { languages: Language[] }) => {
    const [fallback] = opts.languages;
    if (!fallback) throw new Error('a profile has at least one language');
    app.decorateRequest('language', fallback);
    app.addHook('onRequest', (request, _reply, done) => {
      request.language = pickLanguage(request.query, request.headers['accept-language'], opts.languages) ?? fallback;
      done();
    });
  },
  { name: 'language' },
);

function pickLanguage(query: unknown, header: string | undefined, languages: Language[]): Language | undefined {
  const fromQuery = query && typeof query === 'object' && 'lang' in query ? (query as { lang?: unknown }).lang : undefined;
  if (typeof fromQuery === 'string' && languages.includes(fromQuery as Language)) return fromQuery as Language;
  if (!header) return undefined;
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((w) => w.tag && Number.isFinite(w.q) && w.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((w) => w.tag as Language).find((tag) => languages.includes(tag));
}
