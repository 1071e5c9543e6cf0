/**
 * Writes of the business cabinet: like `api()` in `api/client.ts` (same errors, same language),
 * plus the CSRF token that cookie sessions must echo on every unsafe request (read from the
 * `kabinet_csrf` cookie the server set at sign-in).
 */
import i18next from 'i18next';
import { ApiError } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/index.ts';

const CSRF_COOKIE = 'kabinet_csrf';

function csrfToken(): string | undefined {
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** POST/PUT/DELETE to `/api/v1{path}` with the session's CSRF token; refusals become `ApiError` with the server's text. */
export async function send<T>(path: string, method: 'POST' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  const token = csrfToken();
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'accept-language': currentLanguage(),
        ...(token ? { 'x-csrf-token': token } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', i18next.t('errors.network'));
  }
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: unknown; detail?: unknown };
    throw new ApiError(
      response.status,
      typeof problem.code === 'string' ? problem.code : 'unknown',
      typeof problem.detail === 'string' ? problem.detail : i18next.t('errors.network'),
    );
  }
  return data as T;
}

/** The error of a failed call as an `ApiError` (anything else becomes a network error). */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'unknown', i18next.t('errors.network'));
}
