// /api/organization/v1: organizations and their departments (scm-api.md §2.5).

import type { ApiClient } from './client';

export interface OrgBrief {
  id: number;
  name: string;
  certTypes: string[];
  parentName?: string;
  departments?: OrgBrief[];
}

export interface OrgDetails {
  id: number;
  name: string;
  alias: string;
  secondaryName: string;
  contactEmails: string[];
  address1: string;
  address2: string;
  address3: string;
  city: string;
  stateOrProvince: string;
  postalCode: string;
  country: string;
  certTypes: string[];
  departments: OrgBrief[];
  sslCertsApiEnabled: boolean;
  clientCertsApiEnabled: boolean;
  parentId?: number;
  parentName?: string;
}

/** The editable fields; a department is created with `parentOrgId`. */
export interface OrgPatch {
  name?: string;
  alias?: string;
  secondaryName?: string;
  contactEmails?: string[];
  address1?: string;
  address2?: string;
  address3?: string;
  city?: string;
  stateOrProvince?: string;
  postalCode?: string;
  country?: string;
  sslCertsApiEnabled?: boolean;
  clientCertsApiEnabled?: boolean;
  parentOrgId?: number;
}

const kBase = '/api/organization/v1';

export const listOrganizations = (api: ApiClient) => api.get<OrgBrief[]>(kBase);
export const getOrganization = (api: ApiClient, id: number) => api.get<OrgDetails>(`${kBase}/${id}`);
export const createOrganization = (api: ApiClient, patch: OrgPatch) => api.create(kBase, patch);
export const updateOrganization = (api: ApiClient, id: number, patch: OrgPatch) =>
  api.put(`${kBase}/${id}`, patch);
export const deleteOrganization = (api: ApiClient, id: number) => api.delete(`${kBase}/${id}`);
