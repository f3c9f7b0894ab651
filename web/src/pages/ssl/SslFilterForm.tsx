// The filters of GET /api/ssl/v1 (scm-api.md §2.1) the console offers.

import type { FormEvent } from 'react';
import { kSslStatuses, type SslType } from '../../api/ssl';
import { Field } from '../../components/Field';
import { useFilterDraft } from '../../hooks/useFilterDraft';
import type { OrgOption } from '../../lib/orgTree';

export const kSslFilterKeys = [
  'commonName',
  'subjectAlternativeName',
  'status',
  'sslTypeId',
  'orgId',
  'serialNumber',
  'requester',
  'externalRequester',
] as const;
export type SslFilterValues = Record<(typeof kSslFilterKeys)[number], string>;

interface Props {
  values: SslFilterValues;
  types: SslType[];
  orgs: OrgOption[];
  onApply(values: SslFilterValues): void;
}

export function SslFilterForm({ values, types, orgs, onApply }: Props) {
  const { draft, setDraft, set } = useFilterDraft(values);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const clear = () => {
    const empty = Object.fromEntries(kSslFilterKeys.map((k) => [k, ''])) as SslFilterValues;
    setDraft(empty);
    onApply(empty);
  };
  const more = Boolean(values.serialNumber || values.requester || values.externalRequester || values.sslTypeId);
  return (
    <form className="filters" role="search" aria-label="Filter certificates" onSubmit={submit}>
      <div className="filter-row">
        <Field label="Common name">
          <input value={draft.commonName} onChange={set('commonName')} placeholder="www.example.org" />
        </Field>
        <Field label="Any name (SAN)">
          <input value={draft.subjectAlternativeName} onChange={set('subjectAlternativeName')} />
        </Field>
        <Field label="Status">
          <select value={draft.status} onChange={set('status')}>
            <option value="">Any status</option>
            {kSslStatuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field label="Organization or department">
          <select value={draft.orgId} onChange={set('orgId')}>
            <option value="">Any</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <details open={more}>
        <summary>More filters</summary>
        <div className="filter-row">
          <Field label="Certificate type">
            <select value={draft.sslTypeId} onChange={set('sslTypeId')}>
              <option value="">Any type</option>
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Serial number">
            <input value={draft.serialNumber} onChange={set('serialNumber')} spellCheck={false} />
          </Field>
          <Field label="Requester (login)">
            <input value={draft.requester} onChange={set('requester')} />
          </Field>
          <Field label="External requester (email)">
            <input value={draft.externalRequester} onChange={set('externalRequester')} />
          </Field>
        </div>
      </details>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
