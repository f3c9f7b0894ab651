// Who is signed in, and the API client that carries their session. A 401 from any call
// signs the console out with a notice; -976/-977 send it to the password change.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from '../api/client';
import type { ApiError } from '../api/errors';
import { closeSession, currentSession, openSession, type LoginRequest, type Session } from '../api/session';

export type SessionState =
  | { status: 'loading' }
  // signedOut: the admin left on purpose, so the next sign-in (perhaps someone else's)
  // starts at the dashboard rather than at the page it left.
  | { status: 'anonymous'; notice?: string; signedOut?: boolean }
  | { status: 'signed-in'; session: Session };

export interface SessionContextValue {
  api: ApiClient;
  state: SessionState;
  signIn(request: LoginRequest): Promise<Session>;
  signOut(): Promise<void>;
  /** Reads the session again (after a password change). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const kCustomerKey = 'certkeep.customerUri';

/** The customerUri used last on this browser (not a secret: it names the tenant). */
export function rememberedCustomer(): string {
  try {
    return localStorage.getItem(kCustomerKey) ?? '';
  } catch {
    return '';
  }
}

function rememberCustomer(uri: string): void {
  try {
    localStorage.setItem(kCustomerKey, uri);
  } catch {
    // Private mode: nothing to remember.
  }
}

export function SessionProvider({ children, client }: { children: ReactNode; client?: ApiClient }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const api = useMemo(
    () =>
      client ??
      new ApiClient({
        onUnauthorized: (e: ApiError) => {
          setState((s) =>
            s.status === 'signed-in'
              ? { status: 'anonymous', notice: `Your session has ended (${e.description}). Sign in again to continue.` }
              : s,
          );
        },
        onPasswordChangeRequired: () => {
          setState((s) =>
            s.status === 'signed-in' ? { status: 'signed-in', session: { ...s.session, mustChangePassword: true } } : s,
          );
        },
      }),
    [client],
  );

  const adopt = useCallback(
    (session: Session) => {
      api.setCsrfToken(session.csrfToken);
      setState({ status: 'signed-in', session });
    },
    [api],
  );

  useEffect(() => {
    let live = true;
    currentSession(api)
      .then((s) => live && adopt(s))
      .catch(() => live && setState({ status: 'anonymous' }));
    return () => {
      live = false;
    };
  }, [api, adopt]);

  useEffect(() => {
    if (state.status === 'anonymous') api.setCsrfToken('');
  }, [api, state.status]);

  const value = useMemo<SessionContextValue>(
    () => ({
      api,
      state,
      async signIn(request) {
        const session = await openSession(api, request);
        rememberCustomer(request.customerUri);
        adopt(session);
        return session;
      },
      async signOut() {
        try {
          await closeSession(api);
        } finally {
          setState({ status: 'anonymous', notice: 'You are signed out.', signedOut: true });
        }
      },
      async refresh() {
        adopt(await currentSession(api));
      },
    }),
    [api, state, adopt],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The API client of the session. */
export function useApiClient(): ApiClient {
  return useSession().api;
}

/** The signed-in admin; only under RequireSession. */
export function useMe(): Session {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a session');
  return state.session;
}

/** Does the signed-in admin hold `privilege`? */
export function useHasPrivilege(privilege: string): boolean {
  return useMe().privileges.includes(privilege);
}
