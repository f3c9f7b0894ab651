// One delegation being written: the organization or department, its certificate types,
// and which names under the domain it may request.

import { useId } from 'react';
import { kCertTypes, kDomainPrivileges } from '../../api/domains';
import { Field } from '../../components/Field';
import { toggle, type DelegationDraft } from '../../lib/delegations';
import type { OrgOption } from '../../lib/orgTree';

const kTypeLabels: Record<string, string> = { SSL: 'SSL', SMIME: 'S/MIME', CodeSign: 'Code signing' };

interface Props {
  index: number;
  value: DelegationDraft;
  orgs: OrgOption[];
  problem?: string;
  onChange(v: DelegationDraft): void;
  onRemove?(): void;
}

export function DelegationRow({ index, value, orgs, problem, onChange, onRemove }: Props) {
  const id = useId();
  return (
    <fieldset>
      <legend>Delegation {index + 1}</legend>
      <Field label="Organization or department" error={problem}>
        <select value={value.orgId} onChange={(e) => onChange({ ...value, orgId: e.target.value })}>
          <option value="">Choose…</option>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>Certificate types</legend>
        <div className="checks">
          {kCertTypes.map((t) => (
            <div className="checkbox" key={t}>
              <input
                id={`${id}-type-${t}`}
                type="checkbox"
                checked={value.certTypes.includes(t)}
                onChange={(e) => onChange({ ...value, certTypes: toggle(value.certTypes, t, e.target.checked, kCertTypes) })}
              />
              <label htmlFor={`${id}-type-${t}`}>{kTypeLabels[t]}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Names it may request</legend>
        <div className="checks">
          {kDomainPrivileges.map((p) => (
            <div className="checkbox" key={p.name}>
              <input
                id={`${id}-priv-${p.name}`}
                type="checkbox"
                checked={value.privileges.includes(p.name)}
                onChange={(e) =>
                  onChange({
                    ...value,
                    privileges: toggle(
                      value.privileges,
                      p.name,
                      e.target.checked,
                      kDomainPrivileges.map((x) => x.name),
                    ),
                  })
                }
              />
              <label htmlFor={`${id}-priv-${p.name}`}>{p.label}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {onRemove && (
        <button type="button" onClick={onRemove}>
          Remove delegation {index + 1}
        </button>
      )}
    </fieldset>
  );
}
