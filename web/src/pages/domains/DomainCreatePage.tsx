// Domains → Add: the name (optionally a wildcard domain), a description, and the
// organizations or departments it is delegated to. A delegation made below one's own
// level waits for an RAO's approval.

import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { createDomain } from '../../api/domains';
import { ErrorBanner } from '../../components/Banner';
import { Checkbox, Field } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { useFormErrors } from '../../components/useFormErrors';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { delegationProblem, domainName, emptyDelegation, toDelegationRequests, type DelegationDraft } from '../../lib/delegations';
import { looksLikeDnsName } from '../../lib/names';
import { useApiClient } from '../../session/SessionProvider';
import { DelegationRow } from './DelegationRow';

export function DomainCreatePage() {
  const api = useApiClient();
  const navigate = useNavigate();
  const { options: orgs } = useOrgOptions();
  const errors = useFormErrors(['name', 'description', 'delegations', 'orgId']);
  const [name, setName] = useState('');
  const [wildcard, setWildcard] = useState(false);
  const [description, setDescription] = useState('');
  const [active, setActive] = useState(true);
  const [rows, setRows] = useState<DelegationDraft[]>([emptyDelegation()]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (orgs.length === 1 && rows.length === 1 && !rows[0].orgId) setRows([emptyDelegation(String(orgs[0].id))]);
  }, [orgs, rows]);

  const full = domainName(name, wildcard);
  const problems = rows.map((_, i) => delegationProblem(rows, i, wildcard));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setTried(true);
    if (!looksLikeDnsName(full)) {
      errors.setField('name', 'Enter a domain name such as example.org.');
      return;
    }
    if (problems.some(Boolean)) return;
    setBusy(true);
    try {
      const id = await createDomain(api, { name: full, description: description.trim(), active, delegations: toDelegationRequests(rows) });
      navigate(`/domains/${id}`, { state: { notice: `Domain ${full} added. Validate it below before requesting certificates.` } });
    } catch (err) {
      errors.report(err);
      setBusy(false);
    }
  };
  const setRow = (i: number, v: DelegationDraft) => setRows(rows.map((r, j) => (j === i ? v : r)));

  return (
    <>
      <p className="breadcrumb">
        <Link to="/domains">Domains</Link> ›
      </p>
      <PageTitle title="Add a domain">Add a domain</PageTitle>
      <ErrorBanner error={errors.banner ?? undefined} />
      <form className="form" onSubmit={submit} aria-label="New domain" noValidate>
        <Field label="Domain name" hint="For example example.org; subdomains are covered by the choices below." error={errors.fields.name} required>
          <input name="domainName" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} autoCapitalize="none" />
        </Field>
        <Checkbox
          label="Wildcard domain"
          hint={`Registers *.${name.trim() || 'example.org'}, for wildcard certificates.`}
          checked={wildcard}
          onChange={setWildcard}
        />
        <Field label="Description" hint="Optional: who runs it, what it is for." error={errors.fields.description}>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Checkbox label="Active" hint="A suspended domain is kept, but no certificate can be requested for it." checked={active} onChange={setActive} />
        <h2>Delegations</h2>
        <p className="hint">Who may request certificates for {full || 'the domain'}.</p>
        {errors.fields.delegations && <p className="field-error">{errors.fields.delegations}</p>}
        {rows.map((r, i) => (
          <DelegationRow
            key={i}
            index={i}
            value={r}
            orgs={orgs}
            problem={tried ? (problems[i] ?? (i === 0 ? errors.fields.orgId : undefined)) : undefined}
            onChange={(v) => setRow(i, v)}
            onRemove={rows.length > 1 ? () => setRows(rows.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        <button type="button" onClick={() => setRows([...rows, emptyDelegation()])}>
          Add another delegation
        </button>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add domain'}
          </button>
          <Link className="button" to="/domains">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
