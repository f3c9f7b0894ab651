import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commonNameOf, parseCertificate, parsePemBundle, sha256Fingerprint } from './x509';

// Real certificates from openssl: a root and a leaf it signed.
const dir = mkdtempSync(join(tmpdir(), 'certkeep-x509-test-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
  '-subj', '/C=NL/O=Test Network/CN=Test Root CA', '-days', '3650', '-set_serial', '0x00ff01');
openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/O=Uni/OU=Physics/CN=www.example.org');
// Valid from now (UTCTime) to past 2049 (GeneralizedTime, RFC 5280 §4.1.2.5).
const signedAt = Date.now();
openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '1234567', '-out', 'leaf.pem',
  '-days', '10000');
const leafPem = readFileSync(join(dir, 'leaf.pem'), 'utf8');
const caPem = readFileSync(join(dir, 'ca.pem'), 'utf8');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsePemBundle', () => {
  it('reads every certificate of a bundle in order', () => {
    const [leaf, root] = parsePemBundle(`${leafPem}\n${caPem}`);
    expect(leaf.subject).toBe('CN=www.example.org, OU=Physics, O=Uni');
    expect(leaf.issuer).toBe('CN=Test Root CA, O=Test Network, C=NL');
    expect(leaf.serial).toBe('12D687');
    expect(Math.abs(leaf.notBefore.getTime() - signedAt)).toBeLessThan(60_000);
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(10000 * 86_400_000);
    expect(leaf.notAfter.getUTCFullYear()).toBeGreaterThan(2049);
    const enddate = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-enddate'], { encoding: 'utf8' });
    expect(new Date(enddate.trim().replace('notAfter=', '')).getTime()).toBe(leaf.notAfter.getTime());
    expect(leaf.selfIssued).toBe(false);
    expect(root.selfIssued).toBe(true);
    expect(root.serial).toBe('FF01');
    expect(commonNameOf(root.subject)).toBe('Test Root CA');
  });
  it('skips other blocks and reads nothing from nothing', () => {
    expect(parsePemBundle('')).toEqual([]);
    expect(parsePemBundle(`-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${caPem}`)).toHaveLength(1);
  });
  it('fingerprints like openssl', async () => {
    const [leaf] = parsePemBundle(leafPem);
    const want = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
    expect(`sha256 Fingerprint=${await sha256Fingerprint(leaf.der)}`).toBe(want.trim());
  });
});

describe('parseCertificate', () => {
  it('refuses what is not a certificate', () => {
    expect(() => parseCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01]))).toThrow();
    expect(() => parseCertificate(new Uint8Array([0x04, 0x00]))).toThrow();
    const [leaf] = parsePemBundle(leafPem);
    expect(() => parseCertificate(leaf.der.subarray(0, leaf.der.length - 10))).toThrow();
  });
});
