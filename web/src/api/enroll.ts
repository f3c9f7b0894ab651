// /api/enroll/v1: self-enrollment, for people without an admin account. The access code
// opens a short session (an HttpOnly cookie the browser keeps, and a CSRF token the page
// keeps in memory) on which the CSR is read and the request sent; the status link of the
// confirmation email needs neither.
//
// It uses an ApiClient of its own, never the console's: no admin session, no 401 hook
// (a 401 here is a wrong code or an expired enrollment session, which the pages handle).

import { ApiClient } from './client';
import type { CsrInfo } from './ssl';

/** A certificate type offered by the enrollment link. */
export interface EnrollSslType {
  id: number;
  name: string;
  description: string;
  /** Validity choices, in days. */
  terms: number[];
}

/** What the access code opens. */
export interface EnrollSession {
  csrfToken: string;
  /** The organization or department's name. */
  organization: string;
  sslTypes: EnrollSslType[];
  serverSoftware: string[];
  allowedEmailDomains: string[];
}

export interface EnrollRequestBody {
  csr: string;
  certType: number;
  term: number;
  serverSoftware: string;
  name: string;
  email: string;
  comments: string;
}

/** The answer of a request (201). */
export interface EnrollReceipt {
  referenceNumber: string;
  status: string;
  /** The page of /enroll/status/<statusToken>, as the confirmation email links it. */
  statusUrl: string;
}

/** GET /api/enroll/v1/status/{statusToken}; dates RFC 3339. */
export interface EnrollStatus {
  referenceNumber: string;
  commonName: string;
  names: string[];
  organization: string;
  status: string;
  requested: string;
  expires: string | null;
  message: string;
}

const kBase = '/api/enroll/v1';
const seg = encodeURIComponent;

/** A client for the public pages: same origin, cookies kept, no admin session. */
export const publicApiClient = () => new ApiClient();

/** Opens the session of `token` with the access code; later calls of `api` carry its CSRF token. */
export async function openEnrollSession(api: ApiClient, token: string, accessCode: string): Promise<EnrollSession> {
  api.setCsrfToken('');
  const session = await api.post<EnrollSession>(`${kBase}/${seg(token)}/session`, { accessCode });
  api.setCsrfToken(session.csrfToken);
  return session;
}

/** What the server reads from the CSR for a request of type `certType`. */
export const parseEnrollCsr = (api: ApiClient, token: string, csr: string, certType: number) =>
  api.post<CsrInfo>(`${kBase}/${seg(token)}/csr/parse`, { csr, certType });

export const submitEnrollRequest = (api: ApiClient, token: string, body: EnrollRequestBody) =>
  api.post<EnrollReceipt>(`${kBase}/${seg(token)}/requests`, body);

export const getEnrollStatus = (api: ApiClient, statusToken: string) =>
  api.get<EnrollStatus>(`${kBase}/status/${seg(statusToken)}`);

/** The issued certificate and its chain, PEM. */
export async function downloadEnrollCertificate(api: ApiClient, statusToken: string): Promise<Blob> {
  const response = await api.send('GET', `${kBase}/status/${seg(statusToken)}/certificate`, {
    accept: 'application/pem-certificate-chain, text/plain;q=0.9, */*;q=0.1',
  });
  return response.blob();
}
