// The delegation rows of the domain forms: where the domain's certificates may be
// requested, for which types, and for which names under it (scm-api.md §2.7).

import type { CertType, DelegationRequest, DomainPrivilege } from '../api/domains';

/** One row of the form, as typed (the org id as the select's text). */
export interface DelegationDraft {
  orgId: string;
  certTypes: CertType[];
  privileges: DomainPrivilege[];
}

export function emptyDelegation(orgId = ''): DelegationDraft {
  return { orgId, certTypes: ['SSL'], privileges: ['DOMAIN', 'SUBDOMAIN'] };
}

/** `*.example.org` → { base: 'example.org', wildcard: true }. */
export function splitWildcard(name: string): { base: string; wildcard: boolean } {
  const n = name.trim().toLowerCase();
  return n.startsWith('*.') ? { base: n.slice(2), wildcard: true } : { base: n, wildcard: false };
}

/** The domain name to send: the base, with `*.` in front for a wildcard domain. */
export function domainName(base: string, wildcard: boolean): string {
  const b = splitWildcard(base).base.replace(/\.$/, '');
  return wildcard ? `*.${b}` : b;
}

/** Adds or removes `item` from `list`, keeping the order of `all`. */
export function toggle<T>(list: readonly T[], item: T, on: boolean, all: readonly T[]): T[] {
  const set = new Set(list);
  if (on) set.add(item);
  else set.delete(item);
  return all.filter((x) => set.has(x));
}

/** What is wrong with row `i` of `rows`, in words; undefined when it is fine. */
export function delegationProblem(rows: readonly DelegationDraft[], i: number, wildcard: boolean): string | undefined {
  const r = rows[i];
  if (!r.orgId) return 'Choose an organization or department.';
  if (rows.findIndex((x) => x.orgId === r.orgId) !== i) return 'This organization or department is chosen twice.';
  if (r.certTypes.length === 0) return 'Choose at least one certificate type.';
  if (r.privileges.length === 0) return 'Choose at least one kind of name.';
  if (wildcard && !r.privileges.some((p) => p.startsWith('WILDCARD'))) {
    return 'A wildcard domain needs one of the wildcard choices.';
  }
  return undefined;
}

/** The rows as the API takes them. */
export function toDelegationRequests(rows: readonly DelegationDraft[]): DelegationRequest[] {
  return rows.map((r) => ({
    orgId: Number(r.orgId),
    certTypes: [...r.certTypes],
    domainCertificateRequestPrivileges: [...r.privileges],
  }));
}
