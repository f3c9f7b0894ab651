// Privileges that fit the chosen roles; the editor may tick only those it holds itself,
// the others show as they are.

import type { PrivilegeInfo } from '../../api/admins';

interface Props {
  fitting: PrivilegeInfo[];
  editorPrivileges: readonly string[];
  ticked: string[];
  error?: string;
  onChange(ticked: string[]): void;
}

export function PrivilegesFieldset({ fitting, editorPrivileges, ticked, error, onChange }: Props) {
  return (
    <fieldset>
      <legend>Privileges</legend>
      {fitting.length === 0 ? (
        <p className="hint">Choose roles first: the privileges offered depend on them.</p>
      ) : (
        <>
          <p className="hint">Greyed-out privileges are ones you do not hold yourself, so you cannot change them.</p>
          <div className="checks">
            {fitting.map((p) => {
              const mine = editorPrivileges.includes(p.name);
              return (
                <div className="checkbox" key={p.name}>
                  <input
                    type="checkbox"
                    id={`priv-${p.name}`}
                    checked={ticked.includes(p.name)}
                    disabled={!mine}
                    aria-describedby={`priv-${p.name}-hint`}
                    onChange={(e) => onChange(e.target.checked ? [...ticked, p.name] : ticked.filter((t) => t !== p.name))}
                  />
                  <label htmlFor={`priv-${p.name}`}>
                    <code>{p.name}</code>
                  </label>
                  <p id={`priv-${p.name}-hint`} className="hint">
                    {p.description}
                  </p>
                </div>
              );
            })}
          </div>
        </>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
