import { describe, expect, it } from 'vitest';
import { looksLikeDnsName, requestedNames, splitNames } from './names';

describe('splitNames', () => {
  it('splits on commas, spaces and new lines, lower-cased, without empties', () => {
    expect(splitNames(' A.example.org,b.example.org\n\n c.EXAMPLE.org ')).toEqual([
      'a.example.org',
      'b.example.org',
      'c.example.org',
    ]);
    expect(splitNames('  ')).toEqual([]);
  });
});

describe('requestedNames', () => {
  it('puts the CN first and keeps each name once, case-insensitively', () => {
    expect(requestedNames('WWW.example.org', ['www.example.org', 'mail.example.org'], ['Mail.example.org', 'x.example.org'])).toEqual([
      'www.example.org',
      'mail.example.org',
      'x.example.org',
    ]);
  });
  it('works without a CN', () => {
    expect(requestedNames('', ['a.example.org'], [])).toEqual(['a.example.org']);
  });
});

describe('looksLikeDnsName', () => {
  it('accepts names and wildcards', () => {
    expect(looksLikeDnsName('example.org')).toBe(true);
    expect(looksLikeDnsName('*.dept.example.org')).toBe(true);
    expect(looksLikeDnsName('xn--bcher-kva.example')).toBe(true);
  });
  it('refuses slips', () => {
    expect(looksLikeDnsName('example')).toBe(false);
    expect(looksLikeDnsName('-a.example.org')).toBe(false);
    expect(looksLikeDnsName('a..example.org')).toBe(false);
    expect(looksLikeDnsName('a.*.example.org')).toBe(false);
    expect(looksLikeDnsName('https://example.org')).toBe(false);
  });
});
