// The filters of the SSL certificates report (POST /api/report/v1/ssl-certificates).

import type { FormEvent } from 'react';
import { kReportDateAttributes, kReportRequestSources, kReportStatuses } from '../../api/reports';
import { Field } from '../../components/Field';
import { OrgChecklist } from '../../components/OrgChecklist';
import type { OrgOption } from '../../lib/orgTree';
import { emptyReportDraft, type ReportDraft } from '../../lib/reportFilters';

interface Props {
  draft: ReportDraft;
  orgs: OrgOption[];
  errors: Record<string, string>;
  busy: boolean;
  onChange(draft: ReportDraft): void;
  onRun(): void;
}

export function ReportFilterForm({ draft, orgs, errors, busy, onChange, onRun }: Props) {
  const set = (k: keyof ReportDraft) => (e: { target: { value: string } }) => onChange({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRun();
  };
  return (
    <form className="filters" aria-label="Report filters" onSubmit={submit} noValidate>
      <div className="filter-row">
        <Field label="Status">
          <select value={draft.status} onChange={set('status')}>
            {kReportStatuses.map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Requested through">
          <select value={draft.source} onChange={set('source')}>
            <option value="">Any way</option>
            {kReportRequestSources.map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Common name contains">
          <input value={draft.commonName} onChange={set('commonName')} placeholder="example.org" spellCheck={false} />
        </Field>
        <Field label="External requester">
          <input value={draft.externalRequester} onChange={set('externalRequester')} spellCheck={false} />
        </Field>
      </div>
      <div className="filter-row">
        <Field label="Date range by">
          <select value={draft.dateAttribute} onChange={set('dateAttribute')}>
            <option value="">No date range</option>
            {kReportDateAttributes.map((a) => (
              <option key={a.code} value={a.code}>
                {a.label}
              </option>
            ))}
          </select>
        </Field>
        {draft.dateAttribute && (
          <>
            <Field label="From" hint="The first day, included." error={errors.from} required>
              <input type="date" value={draft.from} onChange={set('from')} />
            </Field>
            <Field label="To" hint="The last day, included." error={errors.to} required>
              <input type="date" value={draft.to} onChange={set('to')} />
            </Field>
          </>
        )}
      </div>
      <OrgChecklist
        legend="Organizations and departments"
        hint="None chosen: all those you administer."
        options={orgs}
        chosen={draft.orgIds}
        onChange={(orgIds) => onChange({ ...draft, orgIds })}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Running…' : 'Run report'}
        </button>
        <button type="button" onClick={() => onChange(emptyReportDraft())} disabled={busy}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
