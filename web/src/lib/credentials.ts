// The role part of the admin form: one level (all of an admin's roles are at one level,
// SCM -222), then per certificate type of that level the place it is held at (one place
// per role, SCM -223).

import type { Credential, Role } from '../api/session';
import { levelOf, placesFor, type Level } from './grants';
import type { OrgOption } from './orgTree';

/** role → the org id it is held at, as the select's text ('' = not held). */
export type RoleDraft = Partial<Record<Role, string>>;

export const kLevelLabels: Record<Level, string> = {
  customer: 'MRAO: the whole account',
  organization: 'RAO: an organization (and its departments)',
  department: 'DRAO: a department',
};

/** The roles of `all` at `level`. */
export function rolesAt(all: readonly Role[], level: Level): Role[] {
  return all.filter((r) => levelOf(r) === level);
}

/** The levels at which `editor` may grant at least one role. */
export function grantableLevels(editor: Credential[], all: readonly Role[], orgs: OrgOption[]): Level[] {
  const levels: Level[] = ['customer', 'organization', 'department'];
  return levels.filter((l) => rolesAt(all, l).some((r) => placesFor(editor, r, orgs) !== null));
}

/** The draft of an admin's existing credentials. */
export function draftOf(credentials: readonly Credential[]): { level: Level | undefined; roles: RoleDraft } {
  const roles: RoleDraft = {};
  for (const c of credentials) roles[c.role] = c.role === 'MRAO' ? 'all' : String(c.orgId ?? '');
  return { level: credentials.length ? levelOf(credentials[0].role) : undefined, roles };
}

/** The credentials to send: the roles of `level` that have a place. */
export function credentialsOf(level: Level | undefined, roles: RoleDraft): Credential[] {
  if (!level) return [];
  if (level === 'customer') return roles.MRAO ? [{ role: 'MRAO' }] : [];
  const out: Credential[] = [];
  for (const [role, org] of Object.entries(roles) as [Role, string | undefined][]) {
    if (!org || levelOf(role) !== level) continue;
    out.push({ role, orgId: Number(org) });
  }
  return out.sort((a, b) => a.role.localeCompare(b.role));
}

/** The credentials' roles, for GET /api/admin/v1/privileges?role=…. */
export function rolesOf(credentials: readonly Credential[]): Role[] {
  return [...new Set(credentials.map((c) => c.role))];
}
