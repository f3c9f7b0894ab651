// /api/organization/v1/{id}/self-enrollment: whether people without an admin account may
// request SSL certificates for an organization or department, and on what terms (the
// admin's side; the requester's is enroll.ts).

import type { ApiClient } from './client';

/** How a requester proves they may ask: the access code today; SAML sign-in later. */
export type AccessMode = 'ACCESS_CODE' | 'SAML';

export interface SelfEnrollment {
  enabled: boolean;
  accessMode: AccessMode | string;
  /** Whether a code is set; the code itself is never readable after it was set. */
  accessCodeSet: boolean;
  /** RFC 3339, or null when no code was ever set. */
  accessCodeSetAt: string | null;
  /** The link to hand out: https://host:port/enroll/<token>. */
  enrollmentUrl: string;
  autoApprove: boolean;
  serverSoftware: string[];
  /** Ids of GET /api/ssl/v1/types offered to requesters; [] = none. */
  sslTypes: number[];
  allowedEmailDomains: string[];
}

/** The fields PUT changes; those left out keep their value. */
export type SelfEnrollmentPatch = Partial<
  Pick<SelfEnrollment, 'enabled' | 'autoApprove' | 'serverSoftware' | 'sslTypes' | 'allowedEmailDomains'>
>;

/** The answer of setting a code: the code, shown this once, and the settings after it. */
export interface NewAccessCode {
  accessCode: string;
  settings: SelfEnrollment;
}

/** The shortest code an admin may choose (the server holds the same rule). */
export const kMinAccessCodeLength = 12;

const path = (orgId: number) => `/api/organization/v1/${orgId}/self-enrollment`;

export const getSelfEnrollment = (api: ApiClient, orgId: number) => api.get<SelfEnrollment>(path(orgId));
export const updateSelfEnrollment = (api: ApiClient, orgId: number, patch: SelfEnrollmentPatch) =>
  api.put<SelfEnrollment>(path(orgId), patch);
/** A new code, chosen by the admin or (without `chosen`) made by the server; the old one stops working. */
export const setAccessCode = (api: ApiClient, orgId: number, chosen?: string) =>
  api.post<NewAccessCode>(`${path(orgId)}/access-code`, chosen ? { accessCode: chosen } : {});
