// "Grant only what you hold" (README, Granting): an admin grants roles at or below its own
// level, in its own scope, for its own certificate types, and adds or removes only the
// privileges it holds itself. The server decides; the console offers only what it would
// accept, so nobody fills a form in to be refused. Mirrors authz::CheckGrantRole.

import type { PrivilegeInfo } from '../api/admins';
import type { Credential, Role } from '../api/session';
import type { OrgOption } from './orgTree';

export type Level = 'customer' | 'organization' | 'department';

export function levelOf(role: Role): Level {
  if (role === 'MRAO') return 'customer';
  return role.startsWith('RAO_') ? 'organization' : 'department';
}

/** The certificate type of a role ("SSL", "SMIME", "CS"); undefined for MRAO. */
export function typeOf(role: Role): string | undefined {
  return role === 'MRAO' ? undefined : role.slice(role.indexOf('_') + 1);
}

/** What a role means, in words for the role picker. */
export function roleLabel(role: Role): string {
  const type = typeOf(role);
  const kind = { SSL: 'SSL', SMIME: 'S/MIME', CS: 'code signing' }[type ?? ''] ?? '';
  switch (levelOf(role)) {
    case 'customer':
      return 'MRAO — master administrator of the whole account';
    case 'organization':
      return `${role} — ${kind} administrator of an organization`;
    case 'department':
      return `${role} — ${kind} administrator of a department`;
  }
}

/**
 * The places `editor` may grant `role` at: null when it may not grant it at all, [] for
 * MRAO (held at no place), else the organizations (RAO) or departments (DRAO).
 */
export function placesFor(editor: Credential[], role: Role, orgs: OrgOption[]): OrgOption[] | null {
  const isMrao = editor.some((c) => c.role === 'MRAO');
  if (role === 'MRAO') return isMrao ? [] : null;
  const type = typeOf(role);
  const held = (level: Level, orgId: number | undefined) =>
    editor.some((c) => c.role !== 'MRAO' && typeOf(c.role) === type && levelOf(c.role) === level && c.orgId === orgId);
  const wanted = levelOf(role) === 'organization' ? 'organization' : 'department';
  const places = orgs.filter((o) => {
    if (o.kind !== wanted) return false;
    if (isMrao) return true;
    if (o.kind === 'organization') return held('organization', o.id);
    return held('organization', o.parentId) || held('department', o.id);
  });
  return places.length ? places : null;
}

/** The roles `editor` may grant somewhere, in the order of `all`. */
export function grantableRoles(editor: Credential[], all: Role[], orgs: OrgOption[]): Role[] {
  return all.filter((r) => placesFor(editor, r, orgs) !== null);
}

/** The privileges the editor may tick: those fitting the roles that it holds itself. */
export function offeredPrivileges(fitting: PrivilegeInfo[], editorPrivileges: readonly string[]): PrivilegeInfo[] {
  return fitting.filter((p) => editorPrivileges.includes(p.name));
}

/**
 * The privilege list to send: those of `before` the editor cannot change stay as they
 * are; of the ones it holds, exactly the ticked ones.
 */
export function privilegesToSend(
  before: readonly string[],
  ticked: readonly string[],
  editorPrivileges: readonly string[],
): string[] {
  const kept = before.filter((p) => !editorPrivileges.includes(p));
  const chosen = ticked.filter((p) => editorPrivileges.includes(p));
  return [...new Set([...kept, ...chosen])].sort();
}
