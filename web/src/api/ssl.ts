// /api/ssl/v1: SSL certificates (scm-api.md §2.1, §3.1).

import type { ApiClient, Download, Page } from './client';
import { listQuery, type Paging } from './query';

/** SCM's SSL statuses, as certkeep writes them. */
export const kSslStatuses = [
  'Requested',
  'Approved',
  'Applied',
  'Issued',
  'Declined',
  'Rejected',
  'Invalid',
  'Revoked',
  'Expired',
  'Replaced',
] as const;
export type SslStatus = (typeof kSslStatuses)[number];

export interface SslListItem {
  sslId: number;
  commonName: string;
  subjectAlternativeNames: string[];
  serialNumber?: string;
}

/** A certificate profile (GET /api/ssl/v1/types). */
export interface SslType {
  id: number;
  name: string;
  description: string;
  /** The validity choices, in days. */
  terms: number[];
  keyTypes: Record<string, string[]>;
  useSecondaryOrgName: boolean;
}

export interface CustomFieldDefinition {
  id: number;
  name: string;
  mandatory: boolean;
}

export interface CustomFieldValue {
  name: string;
  value: string;
}

export interface AutoRenewDetails {
  state: string;
  daysBeforeExpiration: number;
}

/** GET /api/ssl/v1/{id}; dates are MM/dd/yyyy. */
export interface SslDetails {
  id: number;
  sslId: number;
  commonName: string;
  orgId: number;
  status: SslStatus;
  orderNumber: number;
  backendCertId: string;
  vendor: string;
  certType?: SslType;
  term: number;
  owner: string;
  ownerId?: number;
  requester: string;
  requesterId?: number;
  requestedVia: string;
  externalRequester: string;
  comments: string;
  requested: string;
  approved?: string;
  declined?: string;
  issued?: string;
  expires?: string;
  revoked?: string;
  reasonCode?: number;
  renewed: boolean;
  renewedFrom?: number;
  serialNumber?: string;
  keyType: string;
  keyAlgorithm?: string;
  keySize?: number;
  subjectAlternativeNames: string[];
  customFields: CustomFieldValue[];
  autoRenewDetails: AutoRenewDetails;
  suspendNotifications: boolean;
  message?: string;
  [other: string]: unknown;
}

/** Filters of GET /api/ssl/v1 that the console offers. */
export interface SslFilters {
  commonName?: string;
  subjectAlternativeName?: string;
  status?: SslStatus | '';
  sslTypeId?: number | '';
  orgId?: number | '';
  serialNumber?: string;
  requester?: string;
  externalRequester?: string;
}

export interface EnrollRequest {
  orgId: number;
  csr: string;
  certType: number;
  term: number;
  /** SCM's comma-separated string. */
  subjAltNames?: string;
  externalRequester?: string;
  comments?: string;
  customFields?: CustomFieldValue[];
  autoRenew?: boolean;
}

/** What POST /api/ssl/v1/csr/parse reads from a CSR. */
export interface CsrInfo {
  commonName: string;
  subjectAlternativeNames: string[];
  keyType: string;
}

/** RFC 5280 reasons SCM accepts on revoke (scm-api.md §3.1). */
export const kRevocationReasons = [
  { code: 0, label: 'Unspecified' },
  { code: 1, label: 'Key compromise' },
  { code: 3, label: 'Affiliation changed' },
  { code: 4, label: 'Superseded' },
  { code: 5, label: 'Cessation of operation' },
] as const;

/** Collect formats, L = the certificate, I = its issuing CA(s), R = the root. */
export const kCollectFormats = [
  { format: 'x509', label: 'Certificate and chain (PEM)', hint: 'L, I…, R' },
  { format: 'x509CO', label: 'Certificate only (PEM)', hint: 'L' },
  { format: 'x509IO', label: 'Chain only, issuer first (PEM)', hint: 'I…, R' },
  { format: 'x509IOR', label: 'Chain only, root first (PEM)', hint: 'R, …I' },
  { format: 'x509R', label: 'Root first, then chain and certificate (PEM)', hint: 'R, …I, L' },
  { format: 'base64', label: 'PKCS#7 (PEM)', hint: 'L, I…, R' },
  { format: 'bin', label: 'PKCS#7 (DER)', hint: 'L, I…, R' },
  { format: 'pem', label: 'Certificate and chain (PEM, as x509)', hint: 'L, I…, R' },
  { format: 'pemco', label: 'Certificate only (PEM, as x509CO)', hint: 'L' },
  { format: 'pemia', label: 'Certificate and its issuer (PEM)', hint: 'L, I' },
] as const;
export type CollectFormat = (typeof kCollectFormats)[number]['format'];

export interface SslDcvLog {
  dcvLog: {
    log: { domainName: string; dcvStatus: string; lastCheck?: string; nextCheck?: string }[];
  };
  instructions: {
    domainName: string;
    dcvMode: string;
    url?: string;
    file?: string;
    host?: string;
    point?: string;
    dcvEmail?: string;
  }[];
}

const kBase = '/api/ssl/v1';

export const listSsl = (api: ApiClient, filters: SslFilters, paging: Paging): Promise<Page<SslListItem>> =>
  api.page<SslListItem>(kBase, listQuery(filters, paging));
export const getSsl = (api: ApiClient, id: number) => api.get<SslDetails>(`${kBase}/${id}`);
export const listSslTypes = (api: ApiClient) => api.get<SslType[]>(`${kBase}/types`);
export const listCustomFields = (api: ApiClient) =>
  api.get<CustomFieldDefinition[]>(`${kBase}/customFields`);
export const parseCsr = (api: ApiClient, csr: string) => api.post<CsrInfo>(`${kBase}/csr/parse`, { csr });
export const enrollSsl = (api: ApiClient, request: EnrollRequest) =>
  api.post<{ sslId: number; renewId: string }>(`${kBase}/enroll`, request);
export const approveSsl = (api: ApiClient, id: number, message: string) =>
  api.post(`${kBase}/approve/${id}`, { message });
export const declineSsl = (api: ApiClient, id: number, message: string) =>
  api.post(`${kBase}/decline/${id}`, { message });
export const revokeSsl = (api: ApiClient, id: number, reasonCode: number, reason: string) =>
  api.post(`${kBase}/revoke/${id}`, { reasonCode, reason });
export const renewSsl = (api: ApiClient, id: number) =>
  api.post<{ sslId: number }>(`${kBase}/renewById/${id}`, {});
export const sslDcv = (api: ApiClient, id: number) => api.get<SslDcvLog>(`${kBase}/${id}/dcv`);
export const setAutoRenew = (api: ApiClient, id: number, on: boolean) =>
  api.put<SslDetails>(kBase, { sslId: id, autoRenewDetails: { state: on ? 'Scheduled' : 'Not scheduled' } });
export const collectSsl = (api: ApiClient, id: number, format: CollectFormat): Promise<Download> =>
  api.download(`${kBase}/collect/${id}/${format}`, `certificate-${id}-${format}${format === 'bin' ? '.p7b' : '.pem'}`);
