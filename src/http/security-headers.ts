/**
 * Helmet's default security headers computed once. `@fastify/helmet` builds a new helmet instance
 * for every request (parsing the CSP directives each time), a large share of a hot route's CPU;
 * hot routes opt out with `helmet: false` and set these identical, precomputed headers instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

function computeDefaultHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  helmet()({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(computeDefaultHeaders());
