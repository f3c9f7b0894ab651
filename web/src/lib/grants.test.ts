import { describe, expect, it } from 'vitest';
import type { Credential, Role } from '../api/session';
import { grantableRoles, levelOf, placesFor, privilegesToSend, typeOf } from './grants';
import { flattenOrgs, orgLabel } from './orgTree';

const orgs = flattenOrgs([
  { id: 1, name: 'Uni A', departments: [{ id: 11, name: 'Physics' }, { id: 12, name: 'Chemistry' }] },
  { id: 2, name: 'Uni B', departments: [{ id: 21, name: 'Law' }] },
] as never);

describe('roles', () => {
  it('knows levels and types', () => {
    expect(levelOf('MRAO')).toBe('customer');
    expect(levelOf('RAO_SSL')).toBe('organization');
    expect(levelOf('DRAO_SMIME')).toBe('department');
    expect(typeOf('DRAO_CS')).toBe('CS');
    expect(typeOf('MRAO')).toBeUndefined();
  });
});

describe('grant only what you hold', () => {
  const rao: Credential[] = [{ role: 'RAO_SSL', orgId: 1 }];
  const all: Role[] = ['MRAO', 'RAO_SSL', 'RAO_SMIME', 'DRAO_SSL', 'DRAO_SMIME'];
  it('an MRAO grants everything everywhere', () => {
    const mrao: Credential[] = [{ role: 'MRAO' }];
    expect(grantableRoles(mrao, all, orgs)).toEqual(all);
    expect(placesFor(mrao, 'MRAO', orgs)).toEqual([]);
    expect(placesFor(mrao, 'DRAO_SSL', orgs)?.map((o) => o.id)).toEqual([11, 12, 21]);
  });
  it('an SSL RAO grants SSL roles in its organization only', () => {
    expect(grantableRoles(rao, all, orgs)).toEqual(['RAO_SSL', 'DRAO_SSL']);
    expect(placesFor(rao, 'RAO_SSL', orgs)?.map((o) => o.id)).toEqual([1]);
    expect(placesFor(rao, 'DRAO_SSL', orgs)?.map((o) => o.id)).toEqual([11, 12]);
    expect(placesFor(rao, 'MRAO', orgs)).toBeNull();
  });
  it('a DRAO grants its own role at its own department', () => {
    const drao: Credential[] = [{ role: 'DRAO_SSL', orgId: 12 }];
    expect(grantableRoles(drao, all, orgs)).toEqual(['DRAO_SSL']);
    expect(placesFor(drao, 'DRAO_SSL', orgs)?.map((o) => o.label)).toEqual(['Uni A › Chemistry']);
  });
  it('keeps the privileges the editor cannot touch and sets the ones it can', () => {
    expect(privilegesToSend(['sslApprove', 'allowCreate'], ['sslRequest', 'allowCreate', 'sslManage'], ['sslRequest', 'sslApprove'])).toEqual([
      'allowCreate',
      'sslRequest',
    ]);
  });
  it('labels places, unknown ones by id', () => {
    expect(orgLabel(orgs, 21)).toBe('Uni B › Law');
    expect(orgLabel(orgs, 99)).toBe('#99');
    expect(orgLabel(orgs, undefined)).toBe('');
  });
});
