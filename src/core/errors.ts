/**
 * Transport-neutral errors. A use case throws `AppError` with a code; each channel maps the code
 * once (HTTP status in `http/problem.ts`, later USSD, SMS and IVR texts) and shows the user text
 * from `i18n/error-messages.ts` in the user's language. `internal` is for logs only.
 */
export const ERROR_CODES = [
  'invalid_input',
  'invalid_number',
  'line_not_found',
  'tariff_not_found',
  'service_not_found',
  'not_eligible',
  'tariff_unchanged',
  'service_already_active',
  'service_not_active',
  'service_included_in_tariff',
  'line_not_active',
  'insufficient_funds',
  'promised_payment_active',
  'amount_out_of_range',
  'batch_already_imported',
  'demo_only',
  'not_found',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'conflict',
  'unavailable',
  'internal',
  // identity and access (issue 4)
  'unauthenticated',
  'forbidden',
  'interaction_required',
  'csrf_failed',
  'invalid_credentials',
  'login_locked',
  'code_invalid',
  'too_many_codes',
  'weak_secret',
  'contract_password_required',
  'contract_password_invalid',
  'contract_password_locked',
  'access_code_invalid',
  'access_code_locked',
  'feature_not_available',
  'voiceprint_full',
  'idempotency_mismatch',
  'idempotency_in_flight',
  'hold_not_found',
  'hold_not_pending',
  'hold_expired',
  'purchase_cap_exceeded',
  'funding_source_not_allowed',
  'transfer_not_found',
  'refund_exceeds_charge',
  // black list (issue 6, S4.4)
  'black_list_off',
  'black_list_own_number',
  'black_list_full',
  'number_not_blocked',
  // business cabinet (S4.8)
  'puk_invalid',
  'puk_locked',
  'line_already_corporate',
  'application_not_pending',
  // card payments (issue 6)
  'payment_not_found',
  'payment_provider_unavailable',
  'payment_mismatch',
  'webhook_signature_invalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values a user message may mention (`{tariff}`, `{reason}`...). Never secrets. */
export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** For the log; never shown to a user. */
    readonly internal: string,
    readonly params: ErrorParams = {},
    /** Field-level problems of an invalid input, shown to API clients. */
    readonly fields: { path: string; message: string }[] = [],
  ) {
    super(`${code}: ${internal}`);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
