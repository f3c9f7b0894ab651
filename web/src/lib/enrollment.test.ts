import { describe, expect, it } from 'vitest';
import {
  badDomains,
  certificateFileName,
  emailDomain,
  emailProblem,
  httpUrlOrEmpty,
  isEmailAllowed,
  kEmptyDraft,
  requestBody,
  settleChoices,
  splitDomains,
  splitLines,
} from './enrollment';

describe('splitLines', () => {
  it('keeps each non-empty line once, trimmed, in order', () => {
    expect(splitLines(' Apache \r\nnginx\n\n  \nApache\nMicrosoft IIS')).toEqual(['Apache', 'nginx', 'Microsoft IIS']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('splitDomains', () => {
  it('lower-cases, forgives a leading @ and drops repeats', () => {
    expect(splitDomains('Uni.Example\n@physics.uni.example\nuni.example\n')).toEqual(['uni.example', 'physics.uni.example']);
  });
});

describe('badDomains', () => {
  it('names what is not a plain domain', () => {
    expect(badDomains(['uni.example', '*.uni.example', 'me@uni.example', 'https://uni.example', 'localhost'])).toEqual([
      '*.uni.example',
      'me@uni.example',
      'https://uni.example',
      'localhost',
    ]);
  });
});

describe('the requester email', () => {
  const allowed = ['uni.example'];
  it.each([
    ['ok/exact-domain', 'ada@uni.example', true],
    ['ok/case-insensitive', 'Ada@UNI.Example', true],
    ['ok/subdomain', 'ada@physics.uni.example', true],
    ['ok/trailing-dot', 'ada@uni.example.', true],
    ['fail/suffix-but-not-subdomain', 'ada@evil-uni.example', false],
    ['fail/parent-domain', 'ada@example', false],
    ['fail/other-domain', 'ada@uni.example.evil.test', false],
    ['fail/no-at', 'uni.example', false],
    ['fail/two-ats', 'a@b@uni.example', false],
  ])('%s', (_, email, ok) => {
    expect(isEmailAllowed(email, allowed)).toBe(ok);
  });
  it('accepts any address when no domain is listed, but still wants an address', () => {
    expect(isEmailAllowed('ada@anywhere.test', [])).toBe(true);
    expect(isEmailAllowed('ada', [])).toBe(false);
  });
  it('reads the domain', () => {
    expect(emailDomain(' ada@Physics.Uni.Example ')).toBe('physics.uni.example');
    expect(emailDomain('ada@')).toBe('');
  });
  it('says what is wrong', () => {
    expect(emailProblem('', allowed)).toBe('Enter your email address.');
    expect(emailProblem('ada', allowed)).toBe('That is not an email address.');
    expect(emailProblem('ada@other.test', allowed)).toBe('Use an address at uni.example (or a subdomain of it).');
    expect(emailProblem('ada@other.test', ['a.example', 'b.example'])).toBe(
      'Use an address at a.example, b.example (or a subdomain of one of them).',
    );
    expect(emailProblem('ada@uni.example', allowed)).toBeUndefined();
  });
});

describe('settleChoices', () => {
  const types = [
    { id: 3, name: 'ssl-dv', description: '', terms: [90, 365] },
    { id: 5, name: 'ssl-ov', description: '', terms: [365] },
  ];
  it('picks the first type and term when none is chosen', () => {
    expect(settleChoices(kEmptyDraft, types)).toMatchObject({ typeId: '3', term: '90' });
  });
  it('keeps a valid choice as the same object', () => {
    const d = { ...kEmptyDraft, typeId: '5', term: '365' };
    expect(settleChoices(d, types)).toBe(d);
  });
  it('moves the term to one the chosen type offers', () => {
    expect(settleChoices({ ...kEmptyDraft, typeId: '5', term: '90' }, types)).toMatchObject({ typeId: '5', term: '365' });
  });
  it('drops a type no longer offered', () => {
    expect(settleChoices({ ...kEmptyDraft, typeId: '9', term: '30' }, types)).toMatchObject({ typeId: '3', term: '90' });
    expect(settleChoices({ ...kEmptyDraft, typeId: '9', term: '30' }, [])).toMatchObject({ typeId: '', term: '' });
  });
});

describe('requestBody', () => {
  it('trims and makes numbers', () => {
    expect(
      requestBody({ csr: ' PEM \n', typeId: '3', term: '365', serverSoftware: 'nginx', name: ' Ada ', email: ' ada@uni.example ', comments: ' hi ' }),
    ).toEqual({ csr: 'PEM', certType: 3, term: 365, serverSoftware: 'nginx', name: 'Ada', email: 'ada@uni.example', comments: 'hi' });
  });
});

describe('certificateFileName', () => {
  it('is the common name with .pem, safe for a file system', () => {
    expect(certificateFileName('www.uni.example')).toBe('www.uni.example.pem');
    expect(certificateFileName('*.uni.example')).toBe('_.uni.example.pem');
    expect(certificateFileName('a/../b')).toBe('a_.._b.pem');
    expect(certificateFileName('')).toBe('certificate.pem');
  });
});

describe('httpUrlOrEmpty', () => {
  it('keeps http(s) links as given and refuses the rest', () => {
    expect(httpUrlOrEmpty('https://host:8443/enroll/status/abc')).toBe('https://host:8443/enroll/status/abc');
    expect(httpUrlOrEmpty('javascript:alert(1)')).toBe('');
    expect(httpUrlOrEmpty('/enroll/status/abc')).toBe('');
    expect(httpUrlOrEmpty(null)).toBe('');
  });
});
