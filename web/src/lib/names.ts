// The names a certificate request will carry: the CSR's common name and SANs plus the
// extra names typed into the form, as enroll combines them.

/** Extra names typed one per line or separated by commas or spaces. */
export function splitNames(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
}

/** CN first, then every other name once, in order of appearance (case-insensitive). */
export function requestedNames(commonName: string, csrNames: readonly string[], extra: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of [commonName, ...csrNames, ...extra]) {
    const k = n.trim().toLowerCase();
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(k);
  }
  return out;
}

/** A rough look at a DNS name or wildcard, to catch typing slips before the server does. */
export function looksLikeDnsName(name: string): boolean {
  return /^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i.test(name);
}
