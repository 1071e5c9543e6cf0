/**
 * Serves the built web app (`web/dist`, made by `npm run build:web`): hashed files under
 * `/assets/` with long caching, and `index.html` for `/` and every client route, that is a GET
 * that accepts HTML, has no file extension and is outside the server's own paths (`/api`,
 * `/docs`, `/health`...), which keep their JSON 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem.ts';
import { WEB_DIST } from './web-build.ts';

/** Path prefixes that belong to the server, never to the web app. */
export const SERVER_PATHS = ['/api', '/docs', '/health', '/ready', '/metrics', '/openapi.json', '/assets'];

export type WebPluginOptions = { distDir?: string | undefined };

export async function webPlugin(app: FastifyInstance, options: WebPluginOptions): Promise<void> {
  const dist = options.distDir ?? WEB_DIST;
  const indexFile = path.join(dist, 'index.html');
  const built = fs.existsSync(indexFile);
  if (!built) app.log.warn({ dist }, 'web app not built: run `npm run build:web` (npm start does it)');
  const index = built ? fs.readFileSync(indexFile) : undefined;

  if (built && fs.existsSync(path.join(dist, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(dist, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
  }

  const sendIndex = (reply: FastifyReply) => {
    if (!index) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build:web` (or `npm start`, which builds it), then reload.');
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  };

  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, (request, reply) =>
    isClientRoute(request) ? sendIndex(reply) : sendProblem(request, reply, 'not_found'),
  );
}

function isClientRoute(request: FastifyRequest): boolean {
  const pathname = request.url.split('?')[0] ?? '';
  if (SERVER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return false;
  if (path.posix.extname(pathname) !== '') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}
