// A multi-select of organizations and departments: a checkbox each, departments under
// their organization, in a box that scrolls when the tree is long. Checkboxes rather than
// <select multiple>, which needs Ctrl-click and says little to a screen reader.

import { useId } from 'react';
import type { OrgOption } from '../lib/orgTree';

interface Props {
  legend: string;
  hint?: string;
  options: OrgOption[];
  /** The chosen ids, as text. */
  chosen: string[];
  error?: string;
  disabled?: boolean;
  onChange(chosen: string[]): void;
}

export function OrgChecklist({ legend, hint, options, chosen, error, disabled, onChange }: Props) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const toggle = (value: string, on: boolean) =>
    onChange(on ? options.map((o) => String(o.id)).filter((v) => v === value || chosen.includes(v)) : chosen.filter((c) => c !== value));
  return (
    <fieldset className={error ? 'has-error' : undefined} aria-describedby={describedBy} disabled={disabled}>
      <legend>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {options.length === 0 ? (
        <p className="empty">No organization in your scope.</p>
      ) : (
        <div className="check-list">
          {options.map((o) => {
            const value = String(o.id);
            return (
              <div className={o.kind === 'department' ? 'checkbox check-department' : 'checkbox'} key={o.id}>
                <input
                  type="checkbox"
                  id={`${id}-${value}`}
                  checked={chosen.includes(value)}
                  onChange={(e) => toggle(value, e.target.checked)}
                />
                <label htmlFor={`${id}-${value}`}>{o.label}</label>
              </div>
            );
          })}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
