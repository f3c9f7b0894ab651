// Just enough of X.509 (RFC 5280) to show a chain: the certificates of a PEM bundle with
// their subject, issuer, validity and serial. Nothing here decides trust; the server does.

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** Subject and issuer are the same name (a root). */
  selfIssued: boolean;
  der: Uint8Array;
}

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

class DerError extends Error {}

function readTlv(der: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new DerError('truncated');
  const tag = der[at];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used in certificates');
  let len = der[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  if (start + len > limit) throw new DerError('truncated');
  return { tag, start, end: start + len };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const t = readTlv(der, at, parent.end);
    out.push(t);
    at = t.end;
  }
  return out;
}

function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`);
  return t;
}

function oid(der: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = t.start; i < t.end; i++) {
    value = value * 128 + (der[i] & 0x7f);
    if (!(der[i] & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const kAttributeNames: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function text(der: Uint8Array, t: Tlv): string {
  const bytes = der.subarray(t.start, t.end);
  if (t.tag === 0x1e) {
    // BMPString: UTF-16BE
    let s = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return s;
  }
  return new TextDecoder().decode(bytes);
}

/** A Name as "CN=…, O=…, C=…" (most specific first, as people read it). */
function name(der: Uint8Array, t: Tlv): string {
  const parts: string[] = [];
  for (const rdn of children(der, expect(t, 0x30, 'a Name'))) {
    for (const atv of children(der, expect(rdn, 0x31, 'an RDN'))) {
      const [type, value] = children(der, expect(atv, 0x30, 'an attribute'));
      const id = oid(der, expect(type, 0x06, 'an attribute type'));
      parts.push(`${kAttributeNames[id] ?? id}=${text(der, value)}`);
    }
  }
  return parts.reverse().join(', ');
}

function time(der: Uint8Array, t: Tlv): Date {
  const s = text(der, t);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m || (t.tag === 0x17) !== (m[1].length === 2)) throw new DerError(`bad time ${s}`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900; // RFC 5280 §4.1.2.5.1
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

/** One DER certificate's summary; throws when it is not a certificate. */
export function parseCertificate(der: Uint8Array): CertificateSummary {
  const cert = expect(readTlv(der, 0, der.length), 0x30, 'a Certificate');
  const [tbs] = children(der, cert);
  const fields = children(der, expect(tbs, 0x30, 'a TBSCertificate'));
  let i = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  const serialTlv = expect(fields[i++], 0x02, 'a serial number');
  let serialBytes = der.subarray(serialTlv.start, serialTlv.end);
  while (serialBytes.length > 1 && serialBytes[0] === 0) serialBytes = serialBytes.subarray(1);
  i++; // signature algorithm
  const issuer = name(der, fields[i++]);
  const [from, to] = children(der, expect(fields[i++], 0x30, 'a Validity'));
  const subject = name(der, fields[i++]);
  return {
    subject,
    issuer,
    serial: hex(serialBytes),
    notBefore: time(der, from),
    notAfter: time(der, to),
    selfIssued: subject === issuer,
    der: der.slice(0, cert.end),
  };
}

/** Every CERTIFICATE block of a PEM text, in order; other blocks are skipped. */
export function parsePemBundle(pem: string): CertificateSummary[] {
  const out: CertificateSummary[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    const b64 = m[1].replace(/\s+/g, '');
    const bin = atob(b64);
    const der = new Uint8Array(bin.length);
    for (let k = 0; k < bin.length; k++) der[k] = bin.charCodeAt(k);
    out.push(parseCertificate(der));
  }
  return out;
}

/** The common name of a "CN=…, O=…" string, else the whole string. */
export function commonNameOf(dn: string): string {
  const m = /(?:^|, )CN=([^,]*)/.exec(dn);
  return m ? m[1] : dn;
}

/** SHA-256 of the DER as colon-separated hex (the browser's Web Crypto). */
export async function sha256Fingerprint(der: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(der)));
  return hex(digest).replace(/(..)(?!$)/g, '$1:');
}
