// /api/report/v1: reports (SCM's "Reports"); the console offers the SSL certificates one,
// as a table (JSON) and as the file a spreadsheet opens (the same call, Accept: text/csv).

import type { ApiClient, Download } from './client';

/** certificateStatus: 0 any, 1 requested, 2 issued, 3 revoked, 4 expired. */
export const kReportStatuses = [
  { code: 0, label: 'Any status' },
  { code: 1, label: 'Requested' },
  { code: 2, label: 'Issued' },
  { code: 3, label: 'Revoked' },
  { code: 4, label: 'Expired' },
] as const;

/** certificateDateAttribute: which date `from` and `to` bound. */
export const kReportDateAttributes = [
  { code: 2, label: 'Revocation date' },
  { code: 3, label: 'Expiration date' },
  { code: 4, label: 'Request date' },
  { code: 5, label: 'Issuance date' },
] as const;

/** certificateRequestSource: how the certificate was requested; omitted = any. */
export const kReportRequestSources = [
  { code: 0, label: 'Enrollment form' },
  { code: 1, label: 'Client admin (console)' },
  { code: 2, label: 'Web API' },
  { code: 10, label: 'ACME' },
  { code: 12, label: 'REST API' },
] as const;

/** The body of POST /api/report/v1/ssl-certificates; absent filters do not filter. */
export interface SslReportRequest {
  /** Omitted: every organization and department the caller sees. */
  organizationIds?: number[];
  /** A part of the common name. */
  commonName?: string;
  externalRequester?: string;
  certificateStatus?: number;
  certificateDateAttribute?: number;
  /** yyyy-MM-dd, with certificateDateAttribute. */
  from?: string;
  to?: string;
  certificateRequestSource?: number;
}

/** One certificate of the report; dates as the server writes them. */
export interface SslReportRow {
  id: number;
  commonName: string;
  orgId: number;
  organizationName: string;
  status: string;
  type: string;
  typeId: number;
  term: number;
  requester: string | null;
  approver: string | null;
  externalRequester: string | null;
  requested: string | null;
  approved: string | null;
  expires: string | null;
  revoked: string | null;
  serialNumber: string | null;
  subjAltNames: string | null;
  publicKeyType: string | null;
  requestedVia: string | null;
  sha1: string | null;
  md5: string | null;
}

export interface SslReport {
  statusCode: number;
  reports: SslReportRow[];
}

const kSslReport = '/api/report/v1/ssl-certificates';

export const runSslReport = (api: ApiClient, request: SslReportRequest) => api.post<SslReport>(kSslReport, request);

/** The same report as CSV (RFC 4180, a header row of the field names), saved as `fileName`. */
export async function downloadSslReportCsv(api: ApiClient, request: SslReportRequest, fileName: string): Promise<Download> {
  const response = await api.send('POST', kSslReport, { body: request, accept: 'text/csv' });
  return { blob: await response.blob(), fileName };
}
