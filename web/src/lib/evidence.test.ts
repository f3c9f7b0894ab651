import { describe, expect, it } from 'vitest';
import { dnsName, evidenceOf, methodOfMode, validationMethodLabel } from './evidence';

describe('what a validation asks to publish', () => {
  it('a TXT record: the host without its trailing dot and the exact value', () => {
    const e = evidenceOf('txt', { host: '_pki-validation.example.org.', point: 'abc123' } as never);
    expect(e?.items.map((i) => [i.label, i.value])).toEqual([
      ['Record type', 'TXT'],
      ['Name (host)', '_pki-validation.example.org'],
      ['Value', 'abc123'],
    ]);
  });
  it('an HTTP file: the URL and each line', () => {
    const e = evidenceOf('http', { url: 'http://example.org/.well-known/pki-validation/X.txt', firstLine: 'one', secondLine: 'two' } as never);
    expect(e?.items.map((i) => i.label)).toEqual(['Address (URL)', 'Line 1 of the file', 'Line 2 of the file']);
  });
  it('nothing when the answer lacks what the method needs', () => {
    expect(evidenceOf('cname', { host: 'x' } as never)).toBeUndefined();
    expect(evidenceOf('http', {} as never)).toBeUndefined();
    expect(evidenceOf('email', {} as never)).toBeUndefined();
  });
  it('reads the mode of a status', () => {
    expect(methodOfMode('TXT')).toBe('txt');
    expect(methodOfMode('HTTPS')).toBe('https');
    expect(methodOfMode('FAX')).toBeUndefined();
    expect(methodOfMode(undefined)).toBeUndefined();
    expect(dnsName('a.example.')).toBe('a.example');
  });
});

describe('validationMethodLabel', () => {
  it('names the stored methods in words, unknown ones as they are', () => {
    expect(validationMethodLabel('DNSTXT_RANDOM_VALUE')).toBe('DNS TXT record');
    expect(validationMethodLabel('HTTPS_CSR_HASH')).toBe('File on the web server (HTTPS)');
    expect(validationMethodLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(validationMethodLabel(undefined)).toBe('');
  });
});
