// /api/session/v1 (certkeep's console sessions) and the caller's own password.

import type { ApiClient } from './client';

/** SCM's role names (GET /api/admin/v1/roles). */
export type Role =
  | 'MRAO'
  | 'RAO_SSL'
  | 'RAO_SMIME'
  | 'RAO_CS'
  | 'DRAO_SSL'
  | 'DRAO_SMIME'
  | 'DRAO_CS';

/** A role, and for RAO/DRAO the organization or department it is held at. */
export interface Credential {
  role: Role;
  orgId?: number;
}

export type AdminType = 'STANDARD' | 'API' | 'IDP';

/** The signed-in admin, as POST and GET /api/session/v1 describe it. */
export interface Session {
  id: number;
  login: string;
  type: AdminType;
  credentials: Credential[];
  privileges: string[];
  mustChangePassword: boolean;
  passwordExpired: boolean;
  csrfToken: string;
}

export interface LoginRequest {
  customerUri: string;
  login: string;
  password: string;
}

/** Signs in; a 401's description says why (wrong password, locked until, suspended). */
export function openSession(api: ApiClient, request: LoginRequest): Promise<Session> {
  return api.json<Session>('POST', '/api/session/v1', { body: request, reportUnauthorized: false });
}

/** The current session; rejects with a 401 ApiError when there is none. */
export function currentSession(api: ApiClient): Promise<Session> {
  return api.json<Session>('GET', '/api/session/v1', { reportUnauthorized: false });
}

export function closeSession(api: ApiClient): Promise<void> {
  return api.json<void>('DELETE', '/api/session/v1', { reportUnauthorized: false });
}

/** Changes the caller's own password (204). */
export function changeOwnPassword(api: ApiClient, newPassword: string): Promise<void> {
  return api.post('/api/admin/v1/changepassword', { newPassword });
}
