// The organization tree of GET /api/organization/v1, flattened into the choices of a
// select (an organization, then its departments indented under it).

import type { OrgBrief } from '../api/organizations';

export interface OrgOption {
  id: number;
  /** "Demo University" or "Demo University › Computer Science". */
  label: string;
  kind: 'organization' | 'department';
  /** For a department: its organization's id. */
  parentId?: number;
}

export function flattenOrgs(orgs: OrgBrief[]): OrgOption[] {
  const out: OrgOption[] = [];
  for (const o of orgs) {
    out.push({ id: o.id, label: o.name, kind: 'organization' });
    for (const d of o.departments ?? []) {
      out.push({ id: d.id, label: `${o.name} › ${d.name}`, kind: 'department', parentId: o.id });
    }
  }
  return out;
}

/** The label of organization or department `id`, or "#id" when it is not in scope. */
export function orgLabel(options: OrgOption[], id: number | undefined): string {
  if (id === undefined) return '';
  return options.find((o) => o.id === id)?.label ?? `#${id}`;
}
