// /api/admin/v1: administrators (scm-api.md §2.6).

import type { ApiClient, Page } from './client';
import { listQuery, type Paging } from './query';
import type { AdminType, Credential, Role } from './session';

export interface AdminListItem {
  id: number;
  type: AdminType;
  login: string;
  email: string;
  forename: string;
  surname: string;
}

export interface AdminDetails extends AdminListItem {
  title: string;
  telephone: string;
  credentials: Credential[];
  privileges: string[];
  activeStatus: 'ACTIVE' | 'SUSPENDED';
  passwordState: string;
  passwordExpiryDate: string | null;
  lastPasswordChange: string | null;
  mustChangePassword: boolean;
  created: string;
  modified: string;
  failedAttempts: number;
  locked: boolean;
  lockedUntil?: string;
}

/** The fields of POST and PUT /api/admin/v1 the console edits. */
export interface AdminPatch {
  login?: string;
  email?: string;
  forename?: string;
  surname?: string;
  password?: string;
  type?: AdminType;
  activeStatus?: 'ACTIVE' | 'SUSPENDED';
  credentials?: Credential[];
  privileges?: string[];
}

export interface AdminFilters {
  login?: string;
  email?: string;
  role?: Role | '';
  activeState?: 'ACTIVE' | 'SUSPENDED' | '';
}

export interface PrivilegeInfo {
  name: string;
  description: string;
}

const kBase = '/api/admin/v1';

export const listAdmins = (api: ApiClient, filters: AdminFilters, paging: Paging): Promise<Page<AdminListItem>> =>
  api.page<AdminListItem>(kBase, listQuery(filters, paging));
export const getAdmin = (api: ApiClient, id: number) => api.get<AdminDetails>(`${kBase}/${id}`);
export const createAdmin = (api: ApiClient, patch: AdminPatch) => api.create(kBase, patch);
export const updateAdmin = (api: ApiClient, id: number, patch: AdminPatch) => api.put(`${kBase}/${id}`, patch);
export const deleteAdmin = (api: ApiClient, id: number) => api.delete(`${kBase}/${id}`);
export const unlockAdmin = (api: ApiClient, id: number) => api.post(`${kBase}/${id}/unlock`);
export const listRoles = (api: ApiClient) => api.get<Role[]>(`${kBase}/roles`);
/** The privileges an admin with `roles` can hold. */
export const listPrivileges = (api: ApiClient, roles: Role[]) =>
  api.get<PrivilegeInfo[]>(`${kBase}/privileges`, { role: roles });
