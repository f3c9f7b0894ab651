// Self-enrollment's own checks and shapes: the one-per-line lists of its settings, the
// requester's email against the allowed domains (the server decides; this only spares a
// round trip), the request body from the form, and the name of the downloaded file.

import type { EnrollRequestBody, EnrollSslType } from '../api/enroll';
import { looksLikeDnsName } from './names';

/** The lines of `text`, trimmed, without empty ones or repeats, in order. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const v = line.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Email domains typed one per line, lower-cased; a leading "@" is forgiven. */
export function splitDomains(text: string): string[] {
  return splitLines(text.toLowerCase().replace(/^[ \t]*@/gm, ''));
}

/** The entries that are not a plain domain name (no wildcard, no address, no URL). */
export function badDomains(domains: readonly string[]): string[] {
  return domains.filter((d) => d.startsWith('*') || !looksLikeDnsName(d));
}

/** The domain of an address, lower-cased without a final dot; '' when it has none. */
export function emailDomain(email: string): string {
  const m = /^[^\s@]+@([^\s@]+)$/.exec(email.trim());
  return m ? m[1].toLowerCase().replace(/\.$/, '') : '';
}

/** Is the address at one of `allowed`, or at a subdomain of one? Any address when none is listed. */
export function isEmailAllowed(email: string, allowed: readonly string[]): boolean {
  const domain = emailDomain(email);
  if (!domain) return false;
  if (allowed.length === 0) return true;
  return allowed.some((a) => {
    const d = a.toLowerCase().replace(/^@/, '').replace(/\.$/, '');
    return domain === d || domain.endsWith(`.${d}`);
  });
}

/** Why the address will be refused, or undefined when it looks acceptable. */
export function emailProblem(email: string, allowed: readonly string[]): string | undefined {
  if (!email.trim()) return 'Enter your email address.';
  if (!emailDomain(email)) return 'That is not an email address.';
  if (isEmailAllowed(email, allowed)) return undefined;
  const list = allowed.join(', ');
  return `Use an address at ${list}${allowed.length > 1 ? ' (or a subdomain of one of them)' : ' (or a subdomain of it)'}.`;
}

/** What the requester has typed so far; kept when the session has to be opened again. */
export interface EnrollDraft {
  csr: string;
  typeId: string;
  term: string;
  serverSoftware: string;
  name: string;
  email: string;
  comments: string;
}

export const kEmptyDraft: EnrollDraft = { csr: '', typeId: '', term: '', serverSoftware: '', name: '', email: '', comments: '' };

/**
 * The draft with a type and term the session offers: the chosen ones while offered, else
 * the first of each. The same object when nothing had to change.
 */
export function settleChoices(draft: EnrollDraft, types: readonly EnrollSslType[]): EnrollDraft {
  const type = types.find((t) => String(t.id) === draft.typeId) ?? types[0];
  const typeId = type ? String(type.id) : '';
  const terms = (type?.terms ?? []).map(String);
  const term = terms.includes(draft.term) ? draft.term : (terms[0] ?? '');
  return typeId === draft.typeId && term === draft.term ? draft : { ...draft, typeId, term };
}

/** The body of POST /api/enroll/v1/{token}/requests. */
export function requestBody(draft: EnrollDraft): EnrollRequestBody {
  return {
    csr: draft.csr.trim(),
    certType: Number(draft.typeId),
    term: Number(draft.term),
    serverSoftware: draft.serverSoftware,
    name: draft.name.trim(),
    email: draft.email.trim(),
    comments: draft.comments.trim(),
  };
}

/** `<commonName>.pem`, with what a file name cannot hold ("*" of a wildcard, "/") as "_". */
export function certificateFileName(commonName: string): string {
  const safe = commonName.trim().replace(/[^A-Za-z0-9.-]/g, '_');
  return `${safe || 'certificate'}.pem`;
}

/** `url` when it is an http(s) address (a link the page may show), else ''. */
export function httpUrlOrEmpty(url: string | null | undefined): string {
  const text = (url ?? '').trim();
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:' ? text : '';
  } catch {
    return '';
  }
}
