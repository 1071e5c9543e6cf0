/**
 * The one way the web app talks to the server: `/api/v1` with the screen's language in
 * `Accept-Language`. A refusal arrives as problem+json; its `detail` is already in that language
 * and is what the screen shows. Signed in, writes carry the session's CSRF token (the readable
 * `kabinet_csrf` cookie) in `x-csrf-token`; a 401 outside `/auth/...` opens the login page.
 */
import { useCallback, useEffect, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { navigate } from 'wouter/use-browser-location';
import { currentLanguage } from '../i18n/index.ts';

const CSRF_COOKIE = 'kabinet_csrf';
/** Sent on the window when the server no longer knows the caller (the session hook listens). */
export const SIGNED_OUT_EVENT = 'kabinet:signed-out';

/** API paths whose screens ask for their own sign-in on a 401 (the business cabinet signs company admins in by SMS code). */
const SIGNS_IN_ITSELF = ['/auth/', '/business/'];

/** The session's CSRF token, when the browser holds one. */
function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE && value.length > 0) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The login page, remembering where to come back to (a 401 means the session is gone or never was). */
function toLogin(): void {
  window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname === '/login') return;
  navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

type Problem = { code?: unknown; detail?: unknown };

export async function api<T>(
  path: string,
  init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  let response: Response;
  const method = init.method ?? 'GET';
  const csrf = method === 'GET' ? undefined : csrfToken();
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'accept-language': currentLanguage(),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
        ...init.headers,
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
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
    if (response.status === 401 && !SIGNS_IN_ITSELF.some((prefix) => path.startsWith(prefix))) toLogin();
    const problem = (data ?? {}) as Problem;
    throw new ApiError(
      response.status,
      typeof problem.code === 'string' ? problem.code : 'unknown',
      typeof problem.detail === 'string' ? problem.detail : i18next.t('errors.network'),
    );
  }
  return data as T;
}

/** `/lines/{number}...` with the number escaped (`+` and all). */
export function linePath(number: string, rest = ''): string {
  return `/lines/${encodeURIComponent(number)}${rest}`;
}

export type Loaded<T> = { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };

/** Loads `path` now and again whenever the path, the language or `reload()` asks. */
export function useApi<T>(path: string | null): Loaded<T> {
  const { i18n } = useTranslation();
  const language = i18n.language;
  // `for` is the path the data belongs to: another line's data is never shown, while the same
  // path stays on screen during a reload or a language switch (no flicker).
  const [state, setState] = useState<{ for: string | null; data: T | undefined; error: ApiError | undefined; loading: boolean }>({
    for: path,
    data: undefined,
    error: undefined,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (path === null) return;
    let cancelled = false;
    setState((s) => (s.for === path ? { ...s, loading: true } : { for: path, data: undefined, error: undefined, loading: true }));
    api<T>(path).then(
      (data) => !cancelled && setState({ for: path, data, error: undefined, loading: false }),
      (error: unknown) =>
        !cancelled &&
        setState({
          for: path,
          data: undefined,
          error: error instanceof ApiError ? error : new ApiError(0, 'unknown', String(error)),
          loading: false,
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [path, language, generation]);

  const current = state.for === path;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: current ? state.loading : path !== null,
    reload,
  };
}
