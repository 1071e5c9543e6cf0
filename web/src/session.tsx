/**
 * Who is signed in, as the server says (`GET /api/v1/auth/me`): read once on start, set by the
 * sign-in pages from the session they receive, cleared on logout or when any call answers 401.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, SIGNED_OUT_EVENT } from './api/client.ts';
import type { Principal, SessionView } from './api/types.ts';

export type SessionState = {
  /** `undefined` while the first answer is pending, `null` when nobody is signed in. */
  principal: Principal | null | undefined;
  /** Takes the session a sign-in call returned. */
  signedIn: (session: SessionView) => void;
  /** Ends this session on the server and forgets it here. */
  logOut: () => Promise<void>;
};

const SessionContext = createContext<SessionState>({
  principal: undefined,
  signedIn: () => undefined,
  logOut: () => Promise.resolve(),
});

export function SessionProvider(props: { children: ReactNode }) {
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined);

  useEffect(() => {
    let cancelled = false;
    api<Principal>('/auth/me').then(
      (me) => !cancelled && setPrincipal(me),
      (error: unknown) => {
        if (cancelled) return;
        // Not signed in (401) or the server is away: either way nobody is signed in on this page.
        if (!(error instanceof ApiError)) console.error(error);
        setPrincipal(null);
      },
    );
    const forget = () => setPrincipal(null);
    window.addEventListener(SIGNED_OUT_EVENT, forget);
    return () => {
      cancelled = true;
      window.removeEventListener(SIGNED_OUT_EVENT, forget);
    };
  }, []);

  const signedIn = useCallback((session: SessionView) => setPrincipal(session.principal), []);
  const logOut = useCallback(async () => {
    try {
      await api<{ revoked: number }>('/auth/logout', { method: 'POST', body: {} });
    } finally {
      setPrincipal(null);
    }
  }, []);

  const value = useMemo(() => ({ principal, signedIn, logOut }), [principal, signedIn, logOut]);
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Where a signed-in user starts: their own line, else the start page. */
export function homeOf(principal: Principal): string {
  return principal.number ? `/lines/${encodeURIComponent(principal.number)}` : '/';
}
