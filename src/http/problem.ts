/**
 * The HTTP face of `AppError`: one table from error code to status, and the RFC 9457
 * problem+json body with the user message in the request's language.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../core/errors.ts';
import { errorMessage } from '../core/i18n/error-messages.ts';
import type { ErrorParams } from '../core/errors.ts';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_number: 400,
  line_not_found: 404,
  tariff_not_found: 404,
  service_not_found: 404,
  not_eligible: 422,
  tariff_unchanged: 409,
  service_already_active: 409,
  service_not_active: 409,
  service_included_in_tariff: 409,
  line_not_active: 409,
  insufficient_funds: 402,
  demo_only: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  conflict: 409,
  unavailable: 503,
  internal: 500,
  idempotency_mismatch: 409,
  idempotency_in_flight: 409,
  hold_not_found: 404,
  hold_not_pending: 409,
  hold_expired: 409,
  purchase_cap_exceeded: 422,
  funding_source_not_allowed: 422,
  transfer_not_found: 404,
  refund_exceeds_charge: 409,
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  fields?: { path: string; message: string }[] | undefined;
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  params: ErrorParams = {},
  fields?: { path: string; message: string }[],
): FastifyReply {
  const status = HTTP_STATUS[code];
  const body: Problem = {
    type: `urn:kabinet:problem:${code}`,
    title: errorMessage(code, 'en', params),
    status,
    code,
    detail: errorMessage(code, request.language, params),
    instance: request.url.split('?')[0] ?? request.url,
    ...(fields && fields.length > 0 ? { fields } : {}),
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}
