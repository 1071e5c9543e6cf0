/** Prometheus metrics at `/metrics`: process defaults plus request counts and durations per route. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const metricsPlugin = fp(
  (app: FastifyInstance) => {
    // One registry per app, so tests may build many apps in one process.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'kabinet_' });
    const labels = ['method', 'route', 'status'] as const;
    const duration = new Histogram({
      name: 'kabinet_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: labels,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const errors = new Counter({
      name: 'kabinet_http_errors_total',
      help: 'HTTP responses with status 500 or above',
      labelNames: labels,
      registers: [registry],
    });
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const values = { method: request.method, route, status: String(reply.statusCode) };
      duration.observe(values, reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) errors.inc(values);
      done();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
