// /api/dcv/v1 and v2: domain control validation (scm-api.md §2.8, §3.4).

import type { ApiClient, Page } from './client';
import { listQuery, type Paging } from './query';

export const kDcvMethods = ['txt', 'cname', 'http', 'https', 'email'] as const;
export type DcvMethod = (typeof kDcvMethods)[number];

/** What `start` hands out for http/https: a file to serve. */
export interface FileEvidence {
  url: string;
  firstLine: string;
  secondLine: string;
}

/** What `start` hands out for cname/txt: a record to publish. */
export interface DnsEvidence {
  host: string;
  point: string;
}

/** What `start` hands out for email: the addresses a link may go to. */
export interface EmailChoices {
  emails: string[];
  dcvEmails: { domainName: string; adminEmails: string[] }[];
}

export type StartAnswer = Partial<FileEvidence & DnsEvidence>;

/** POST /api/dcv/v2/validation/status (and the answer of submit, sync, clear). */
export interface DcvStatus {
  status: 'VALIDATED' | 'NOT_VALIDATED' | 'EXPIRED';
  orderStatus: 'NOT_INITIATED' | 'SUBMITTED' | string;
  validationDate?: string;
  expirationDate?: string;
  validationMethod?: string;
  provedName?: string;
  covers?: string;
  orderMode?: string;
  orderBackendId?: string;
  url?: string;
  firstLine?: string;
  secondLine?: string;
  host?: string;
  point?: string;
  validationEmail?: string;
  emailValidationReferenceNumber?: string;
  submittedDate?: string;
  lastCheck?: string;
  nextCheck?: string;
  /** certkeep's addition: why the last check did not find the evidence. */
  failureReason?: string;
  message?: string;
}

export interface DcvListItem {
  domain: string;
  dcvStatus: DcvStatus['status'];
  dcvOrderStatus: string;
  dcvOrderMethod?: string;
  dcvMethod?: string;
  expirationDate?: string;
}

export interface DcvFilters {
  domain?: string;
  dcvStatus?: DcvStatus['status'] | '';
  /** Validated, and expiring within this many days. */
  expiresIn?: number;
}

const kV1 = '/api/dcv/v1/validation';
const kV2 = '/api/dcv/v2/validation';

export const listDcv = (api: ApiClient, filters: DcvFilters, paging: Paging): Promise<Page<DcvListItem>> =>
  api.page<DcvListItem>(kV1, listQuery(filters, paging));
export const dcvStatus = (api: ApiClient, domain: string) => api.post<DcvStatus>(`${kV2}/status`, { domain });
export const startDcv = (api: ApiClient, domain: string, method: Exclude<DcvMethod, 'email'>) =>
  api.post<StartAnswer>(`${kV1}/start/domain/${method}`, { domain });
export const startEmailDcv = (api: ApiClient, domain: string) =>
  api.post<EmailChoices>(`${kV1}/start/domain/email`, { domain });
export const submitDcv = (api: ApiClient, domain: string, method: DcvMethod, email?: string) =>
  api.post<DcvStatus>(`${kV1}/submit/domain/${method}`, method === 'email' ? { domain, email } : { domain });
export const syncDcv = (api: ApiClient, domain: string) => api.post<DcvStatus>(`${kV1}/sync`, { domain });
export const clearDcv = (api: ApiClient, domain: string) => api.post<DcvStatus>(`${kV1}/clear`, { domain });
