// What a domain control validation asks the admin to publish, in words and exact values
// (the answers of POST /api/dcv/v1/validation/start/domain/{method}, scm-api.md §2.8).

import type { DcvMethod, DcvStatus, StartAnswer } from '../api/dcv';

export interface EvidenceItem {
  label: string;
  value: string;
  /** A value to copy exactly (monospace, with a copy button). */
  exact?: boolean;
}

export interface Evidence {
  /** What to do, in one sentence. */
  instruction: string;
  items: EvidenceItem[];
}

export const kMethodLabels: Record<DcvMethod, string> = {
  txt: 'DNS TXT record',
  cname: 'DNS CNAME record',
  http: 'File on the web server (HTTP)',
  https: 'File on the web server (HTTPS)',
  email: 'Email to an administrative address',
};

/** The DNS owner name without its trailing dot (zone files and DNS consoles vary). */
export function dnsName(host: string): string {
  return host.replace(/\.$/, '');
}

/** What to publish for `method`, from a start answer or a status (they share fields). */
export function evidenceOf(method: DcvMethod, a: StartAnswer | DcvStatus): Evidence | undefined {
  switch (method) {
    case 'txt':
      if (!a.host || !a.point) return undefined;
      return {
        instruction: 'Add this TXT record to the DNS zone of the domain, then press “Check now”.',
        items: [
          { label: 'Record type', value: 'TXT' },
          { label: 'Name (host)', value: dnsName(a.host), exact: true },
          { label: 'Value', value: a.point, exact: true },
        ],
      };
    case 'cname':
      if (!a.host || !a.point) return undefined;
      return {
        instruction: 'Add this CNAME record to the DNS zone of the domain, then press “Check now”.',
        items: [
          { label: 'Record type', value: 'CNAME' },
          { label: 'Name (host)', value: dnsName(a.host), exact: true },
          { label: 'Points to', value: a.point, exact: true },
        ],
      };
    case 'http':
    case 'https': {
      if (!a.url) return undefined;
      const lines = [a.firstLine, a.secondLine].filter((l): l is string => Boolean(l));
      return {
        instruction: 'Serve a plain-text file at this address with exactly these lines, then press “Check now”.',
        items: [
          { label: 'Address (URL)', value: a.url, exact: true },
          ...lines.map((l, i) => ({ label: `Line ${i + 1} of the file`, value: l, exact: true })),
        ],
      };
    }
    case 'email':
      return undefined;
  }
}

/** The method of a status's `orderMode` ("TXT", "CNAME", ...), if it is one we know. */
export function methodOfMode(mode: string | undefined): DcvMethod | undefined {
  const m = (mode ?? '').toLowerCase();
  return (['txt', 'cname', 'http', 'https', 'email'] as const).find((x) => x === m);
}

/** The validation method of a status ("DNSTXT_RANDOM_VALUE", "HTTP_CSR_HASH", ...) in words. */
export function validationMethodLabel(code: string | undefined): string {
  if (!code) return '';
  const method = (
    {
      HTTP_CSR_HASH: 'http',
      HTTPS_CSR_HASH: 'https',
      CNAME_CSR_HASH: 'cname',
      DNSTXT_RANDOM_VALUE: 'txt',
      EMAIL: 'email',
    } as Record<string, DcvMethod>
  )[code];
  return method ? kMethodLabels[method] : code;
}
