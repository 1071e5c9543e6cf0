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
  promised_payment_active: 409,
  amount_out_of_range: 422,
  batch_already_imported: 409,
  demo_only: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  conflict: 409,
  unavailable: 503,
  internal: 500,
  unauthenticated: 401,
  forbidden: 403,
  interaction_required: 403,
  csrf_failed: 403,
  invalid_credentials: 401,
  login_locked: 429,
  code_invalid: 401,
  too_many_codes: 429,
  weak_secret: 400,
  contract_password_required: 403,
  contract_password_invalid: 401,
  contract_password_locked: 429,
  access_code_invalid: 401,
  access_code_locked: 429,
  feature_not_available: 404,
  voiceprint_full: 409,
  idempotency_mismatch: 409,
  idempotency_in_flight: 409,
  hold_not_found: 404,
  hold_not_pending: 409,
  hold_expired: 409,
  purchase_cap_exceeded: 422,
  funding_source_not_allowed: 422,
  transfer_not_found: 404,
  refund_exceeds_charge: 409,
  black_list_off: 409,
  black_list_own_number: 422,
  black_list_full: 409,
  number_not_blocked: 404,
  puk_invalid: 422,
  puk_locked: 429,
  line_already_corporate: 409,
  application_not_pending: 409,
  payment_not_found: 404,
  payment_provider_unavailable: 503,
  payment_mismatch: 422,
  webhook_signature_invalid: 400,
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  fields?: { path: string; message: string }[] | undefined;
  /** Seconds until a lockout or a rate limit ends (also sent as `Retry-After`). */
  retryAfter?: number | undefined;
};

/** The problem body for `code` in the request's language (also one item's outcome in a batch answer). */
export function problemOf(
  request: FastifyRequest,
  code: ErrorCode,
  params: ErrorParams = {},
  fields?: { path: string; message: string }[],
): Problem {
  return {
    type: `urn:kabinet:problem:${code}`,
    title: errorMessage(code, 'en', params),
    status: HTTP_STATUS[code],
    code,
    detail: errorMessage(code, request.language, params),
    instance: request.url.split('?')[0] ?? request.url,
    ...(fields && fields.length > 0 ? { fields } : {}),
    ...(typeof params.retryAfter === 'number' ? { retryAfter: params.retryAfter } : {}),
  };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  params: ErrorParams = {},
  fields?: { path: string; message: string }[],
): FastifyReply {
  const body = problemOf(request, code, params, fields);
  if (body.retryAfter !== undefined) void reply.header('retry-after', String(body.retryAfter));
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}
