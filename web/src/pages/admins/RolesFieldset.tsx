// Roles by level and certificate type, offering only what the editor may grant.

import type { Credential, Role } from '../../api/session';
import { placesFor, roleLabel, type Level } from '../../lib/grants';
import { grantableLevels, kLevelLabels, rolesAt, type RoleDraft } from '../../lib/credentials';
import type { OrgOption } from '../../lib/orgTree';

interface Props {
  editor: Credential[];
  allRoles: Role[];
  orgs: OrgOption[];
  level: Level | undefined;
  roles: RoleDraft;
  error?: string;
  onChange(level: Level | undefined, roles: RoleDraft): void;
}

export function RolesFieldset({ editor, allRoles, orgs, level, roles, error, onChange }: Props) {
  const levels = grantableLevels(editor, allRoles, orgs);
  // An existing admin's level stays visible even when the editor cannot grant it.
  const shown = level && !levels.includes(level) ? [level, ...levels] : levels;
  return (
    <fieldset aria-describedby={error ? 'roles-error' : undefined}>
      <legend>Roles</legend>
      <p className="hint">All roles of an admin are at one level. Only what you may grant yourself is offered.</p>
      <div role="radiogroup" aria-label="Level">
        {shown.map((l) => (
          <div className="checkbox" key={l}>
            <input
              type="radio"
              id={`level-${l}`}
              name="level"
              checked={level === l}
              disabled={!levels.includes(l)}
              onChange={() => onChange(l, l === 'customer' ? { MRAO: 'all' } : {})}
            />
            <label htmlFor={`level-${l}`}>{kLevelLabels[l]}</label>
          </div>
        ))}
      </div>
      {level && level !== 'customer' && (
        <div className="two-columns">
          {rolesAt(allRoles, level).map((r) => {
            const places = placesFor(editor, r, orgs);
            const current = roles[r] ?? '';
            if (!places && !current) return null;
            return (
              <div className="field" key={r}>
                <label htmlFor={`role-${r}`}>{roleLabel(r)}</label>
                <select
                  id={`role-${r}`}
                  value={current}
                  disabled={!places}
                  onChange={(e) => onChange(level, { ...roles, [r]: e.target.value })}
                >
                  <option value="">Not held</option>
                  {(places ?? orgs.filter((o) => String(o.id) === current)).map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
      )}
      {level === 'customer' && <p>The MRAO sees and manages everything in the account.</p>}
      {error && (
        <p id="roles-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

