import { describe, expect, it } from 'vitest';
import type { NotificationRule } from '../api/notifications';
import {
  draftOf,
  draftProblems,
  firstFew,
  looksLikeEmail,
  parseEmails,
  recipientsSummary,
  ruleOf,
  scopeChoices,
  scopeSummary,
  usesCertType,
  usesDays,
  usesRevokedBy,
} from './notificationRules';
import type { OrgOption } from './orgTree';

const expiring: NotificationRule = {
  id: 7,
  description: 'SSL expiring in 30 days',
  type: 'SSL Expiration',
  active: true,
  orgData: { selectedOrgType: 'SELECTED', orgDelegations: [{ orgId: 3 }, { orgId: 5 }] },
  recipientData: {
    notifyRoles: ['REQUESTER', 'EXTERNAL_REQUESTER', 'SSL_RAO'],
    recipients: [{ type: 'EMAIL', value: 'pki@uni.example' }],
  },
  additionalData: { days: 30, certTypeId: null, freq: 'ONCE' },
};

const orgs: OrgOption[] = [
  { id: 3, label: 'Demo University', kind: 'organization' },
  { id: 5, label: 'Demo University › Physics', kind: 'department', parentId: 3 },
  { id: 9, label: 'Other College', kind: 'organization' },
];

describe('which settings a type takes', () => {
  it('days for the two expiration types', () => {
    expect(usesDays('SSL Expiration')).toBe(true);
    expect(usesDays('Domain Validation Expiration')).toBe(true);
    expect(usesDays('SSL Expired')).toBe(false);
  });
  it('a certificate type for every SSL type, revokedBy… for SSL Revoked only', () => {
    expect(usesCertType('SSL Awaiting Approval')).toBe(true);
    expect(usesCertType('Domain Delegation Requested')).toBe(false);
    expect(usesRevokedBy('SSL Revoked')).toBe(true);
    expect(usesRevokedBy('SSL Declined')).toBe(false);
  });
});

describe('draftOf and ruleOf', () => {
  it('round-trips a rule (without its id)', () => {
    const { id, ...body } = expiring;
    expect(id).toBe(7);
    expect(ruleOf(draftOf(expiring))).toEqual(body);
  });
  it('round-trips SSL Revoked with a certificate type and the revokedBy switches', () => {
    const revoked: NotificationRule = {
      ...expiring,
      type: 'SSL Revoked',
      orgData: { selectedOrgType: 'ANYDEPT', orgDelegations: [{ orgId: 3 }] },
      additionalData: { certTypeId: 12, revokedByAdmin: false, revokedByUser: true },
    };
    const { id: _, ...body } = revoked;
    expect(ruleOf(draftOf(revoked))).toEqual(body);
  });
  it('starts a new rule active, everywhere, 30 days once', () => {
    const d = draftOf();
    expect(d).toMatchObject({ active: true, selectedOrgType: 'ANY', orgIds: [], days: '30', freq: 'ONCE', certTypeId: '' });
  });
  it('leaves out the settings the type does not take', () => {
    const d = { ...draftOf(expiring), type: 'Admin Created', certTypeId: '4', revokedByAdmin: false };
    expect(ruleOf(d).additionalData).toEqual({});
    expect(ruleOf({ ...d, type: 'SSL Issued' }).additionalData).toEqual({ certTypeId: 4 });
    expect(ruleOf({ ...d, type: 'Domain Validation Expiration', days: '14', freq: 'DAILY' }).additionalData).toEqual({
      days: 14,
      freq: 'DAILY',
    });
    expect(ruleOf({ ...d, type: 'SSL Revoked', certTypeId: '' }).additionalData).toEqual({
      certTypeId: null,
      revokedByAdmin: false,
      revokedByUser: true,
    });
  });
  it('sends no organizations for ANY, and trims the description', () => {
    const body = ruleOf({ ...draftOf(expiring), selectedOrgType: 'ANY', description: '  x  ' });
    expect(body.orgData).toEqual({ selectedOrgType: 'ANY', orgDelegations: [] });
    expect(body.description).toBe('x');
  });
});

describe('email addresses', () => {
  it('reads one a line, also parted by commas or semicolons, each once, in order', () => {
    expect(parseEmails(' pki@uni.example\n\nops@uni.example, PKI@uni.example;x.y+tag@dept.uni.example\r\n')).toEqual({
      emails: ['pki@uni.example', 'ops@uni.example', 'x.y+tag@dept.uni.example'],
      invalid: [],
    });
    expect(parseEmails('  \n ')).toEqual({ emails: [], invalid: [] });
  });
  it('sets apart what is not plausible', () => {
    expect(parseEmails('pki@uni.example\npki at uni\nuser@localhost\na@b@c.example\nme@uni..example').invalid).toEqual([
      'pki at uni',
      'user@localhost',
      'a@b@c.example',
      'me@uni..example',
    ]);
  });
  it('looksLikeEmail', () => {
    expect(looksLikeEmail('ada@example.org')).toBe(true);
    expect(looksLikeEmail('ada@example.o')).toBe(false);
    expect(looksLikeEmail('<ada@example.org>')).toBe(false);
    expect(looksLikeEmail('ada @example.org')).toBe(false);
  });
  it('sends the addresses as EMAIL recipients', () => {
    expect(ruleOf({ ...draftOf(expiring), emails: 'a@uni.example\nb@uni.example' }).recipientData.recipients).toEqual([
      { type: 'EMAIL', value: 'a@uni.example' },
      { type: 'EMAIL', value: 'b@uni.example' },
    ]);
  });
});

describe('draftProblems', () => {
  const ok = draftOf(expiring);
  it('has none for a complete draft', () => {
    expect(draftProblems(ok)).toEqual({});
  });
  it('names each field that is wrong', () => {
    expect(Object.keys(draftProblems({ ...ok, description: ' ', type: '' }))).toEqual(['description', 'type']);
    for (const days of ['0', '366', '1.5', '', 'x']) expect(draftProblems({ ...ok, days })).toHaveProperty('days');
    expect(draftProblems({ ...ok, days: '365' })).toEqual({});
    expect(draftProblems({ ...ok, type: 'SSL Issued', days: '0' })).toEqual({});
    expect(draftProblems({ ...ok, orgIds: [] })).toHaveProperty('orgData');
    expect(draftProblems({ ...ok, selectedOrgType: 'ANY', orgIds: [] })).toEqual({});
    expect(draftProblems({ ...ok, emails: 'nope' }).emails).toBe('Not an email address: nope.');
    expect(draftProblems({ ...ok, emails: '', notifyRoles: [] })).toHaveProperty('recipientData');
  });
});

describe('list words', () => {
  it('summarises the scope with the organizations by name', () => {
    expect(scopeSummary(expiring, orgs)).toBe('Demo University, Demo University › Physics');
    expect(scopeSummary({ ...expiring, orgData: { selectedOrgType: 'ANYDEPT', orgDelegations: [{ orgId: 3 }, { orgId: 42 }] } }, orgs)).toBe(
      'Demo University, #42 and their departments',
    );
    expect(scopeSummary({ ...expiring, orgData: { selectedOrgType: 'ANY', orgDelegations: [{ orgId: 3 }] } }, orgs)).toBe(
      'Any organization or department',
    );
  });
  it('summarises the recipients, roles first', () => {
    expect(recipientsSummary(expiring)).toBe('Requester, External requester, SSL RAOs, pki@uni.example');
    expect(firstFew(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
  it('offers organizations only for ANYDEPT, and keeps chosen ids outside the scope', () => {
    expect(scopeChoices('ANYDEPT', orgs, []).map((o) => o.id)).toEqual([3, 9]);
    expect(scopeChoices('SELECTED', orgs, ['5', '77']).map((o) => o.label)).toEqual([
      'Demo University',
      'Demo University › Physics',
      'Other College',
      '#77',
    ]);
  });
});
