// /api/domain/v1: domains and their delegations (scm-api.md §2.7, §3.5).

import type { ApiClient, Page } from './client';
import { listQuery, type Paging } from './query';

export const kCertTypes = ['SSL', 'SMIME', 'CodeSign'] as const;
export type CertType = (typeof kCertTypes)[number];

/** What a delegation lets its organization or department request under the domain. */
export const kDomainPrivileges = [
  { name: 'DOMAIN', label: 'The domain itself' },
  { name: 'SUBDOMAIN', label: 'Subdomains (any depth)' },
  { name: 'WILDCARD_1ST_LEVEL', label: 'Wildcard, first level (*.domain)' },
  { name: 'WILDCARD_2ND_LEVEL', label: 'Wildcard, second level (*.sub.domain)' },
] as const;
export type DomainPrivilege = (typeof kDomainPrivileges)[number]['name'];

export type DelegationStatus = 'ACTIVE' | 'REQUESTED';
export type ValidationStatus = 'VALIDATED' | 'NOT_VALIDATED' | 'EXPIRED';

export interface DelegationRequest {
  orgId: number;
  certTypes: CertType[];
  domainCertificateRequestPrivileges: DomainPrivilege[];
}

export interface Delegation extends DelegationRequest {
  status: DelegationStatus;
}

export interface DomainListItem {
  id: number;
  name: string;
}

/** GET /api/domain/v1/{id}, with its validation. */
export interface DomainDetails {
  id: number;
  name: string;
  description: string;
  delegationStatus: DelegationStatus;
  state: 'ACTIVE' | 'SUSPENDED';
  delegations: Delegation[];
  validationStatus: ValidationStatus;
  validationMethod?: string;
  dcvExpiration?: string;
  validationCovers?: string;
}

export interface DomainFilters {
  name?: string;
  state?: 'active' | 'inactive' | '';
  status?: 'requested' | 'approved' | '';
  orgId?: number | '';
}

export interface DomainDraft {
  name: string;
  description?: string;
  active?: boolean;
  delegations: DelegationRequest[];
}

const kBase = '/api/domain/v1';

export const listDomains = (api: ApiClient, filters: DomainFilters, paging: Paging): Promise<Page<DomainListItem>> =>
  api.page<DomainListItem>(kBase, listQuery(filters, paging));
export const getDomain = (api: ApiClient, id: number) => api.get<DomainDetails>(`${kBase}/${id}`);
export const createDomain = (api: ApiClient, draft: DomainDraft) => api.create(kBase, draft);
export const deleteDomain = (api: ApiClient, id: number) => api.delete(`${kBase}/${id}`);
export const setDomainActive = (api: ApiClient, id: number, active: boolean) =>
  api.put(`${kBase}/${id}/${active ? 'activate' : 'suspend'}`);
export const delegateDomain = (api: ApiClient, id: number, d: DelegationRequest) =>
  api.post(`${kBase}/${id}/delegation`, d);
export const removeDelegation = (api: ApiClient, id: number, orgId: number) =>
  api.delete(`${kBase}/${id}/delegation`, { orgId });
export const decideDelegation = (api: ApiClient, id: number, orgId: number, approve: boolean) =>
  api.post(`${kBase}/${id}/delegation/${approve ? 'approve' : 'reject'}`, { orgId });
