// Settings → an organization or department: create or edit, including the Web API
// switches (sslCertsApiEnabled, clientCertsApiEnabled); an existing one also has its
// self-enrollment panel.

import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { createOrganization, getOrganization, updateOrganization, type OrgDetails, type OrgPatch } from '../../api/organizations';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Checkbox, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormErrors } from '../../components/useFormErrors';
import { useApi } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { useApiClient } from '../../session/SessionProvider';
import { SelfEnrollmentPanel } from './SelfEnrollmentPanel';

type TextKey = 'name' | 'alias' | 'secondaryName' | 'address1' | 'address2' | 'address3' | 'city' | 'stateOrProvince' | 'postalCode' | 'country';
const kText: [TextKey, string, string?][] = [
  ['name', 'Name'],
  ['alias', 'Alias', 'A short name shown in lists.'],
  ['secondaryName', 'Secondary name', 'Another legal name, if any.'],
  ['address1', 'Address'],
  ['address2', 'Address, line 2'],
  ['address3', 'Address, line 3'],
  ['city', 'City'],
  ['stateOrProvince', 'State or province'],
  ['postalCode', 'Postal code'],
  ['country', 'Country', 'Two letters, e.g. DE, US.'],
];

export function OrganizationEditPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : undefined;
  const org = useApi((a) => (id ? getOrganization(a, id) : Promise.resolve(undefined)), [id]);
  if (id && org.loading && !org.data) return <Loading />;
  if (id && !org.data) return <ErrorBanner error={org.error} />;
  return <OrgForm key={id ?? 'new'} existing={org.data} />;
}

function OrgForm({ existing }: { existing?: OrgDetails }) {
  const api = useApiClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [search] = useSearchParams();
  const { options } = useOrgOptions();
  const errors = useFormErrors([...kText.map(([k]) => k), 'contactEmails', 'parentOrgId', 'stateProvince']);
  const [parent, setParent] = useState(search.get('parent') ?? '');
  const [text, setText] = useState<Record<TextKey, string>>(
    () => Object.fromEntries(kText.map(([k]) => [k, existing?.[k] ?? ''])) as Record<TextKey, string>,
  );
  const [emails, setEmails] = useState((existing?.contactEmails ?? []).join(', '));
  const [ssl, setSsl] = useState(existing?.sslCertsApiEnabled ?? false);
  const [client, setClient] = useState(existing?.clientCertsApiEnabled ?? false);
  const [busy, setBusy] = useState(false);
  const notice = (location.state as { notice?: string } | null)?.notice;
  const isDepartment = existing ? existing.parentId !== undefined : Boolean(parent);
  const what = isDepartment ? 'department' : 'organization';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    const patch: OrgPatch = {
      ...Object.fromEntries(kText.map(([k]) => [k, text[k].trim()])),
      contactEmails: emails.split(/[\s,;]+/).filter(Boolean),
      sslCertsApiEnabled: ssl,
      clientCertsApiEnabled: client,
    };
    setBusy(true);
    try {
      if (existing) {
        await updateOrganization(api, existing.id, patch);
        navigate(location.pathname, { replace: true, state: { notice: `${patch.name} saved.` } });
      } else {
        const id = await createOrganization(api, { ...patch, parentOrgId: parent ? Number(parent) : undefined });
        navigate(`/settings/organizations/${id}`, { state: { notice: `${patch.name} created.` } });
      }
    } catch (err) {
      errors.report(err);
    } finally {
      setBusy(false);
    }
  };

  const title = existing ? existing.name : parent ? 'Add a department' : 'Add an organization';
  return (
    <>
      <p className="breadcrumb">
        <Link to="/settings/organizations">Organizations</Link> ›
        {existing?.parentId !== undefined && (
          <>
            {' '}
            <Link to={`/settings/organizations/${existing.parentId}`}>{existing.parentName}</Link> ›
          </>
        )}
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={errors.banner} />
      <form className="form" onSubmit={submit} aria-label={title}>
        {!existing && (
          <Field label="Department of" hint="Leave empty to create an organization." error={errors.fields.parentOrgId}>
            <select value={parent} onChange={(e) => setParent(e.target.value)}>
              <option value="">— none: a new organization —</option>
              {options
                .filter((o) => o.kind === 'organization')
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
            </select>
          </Field>
        )}
        {kText.map(([k, label, hint]) => (
          <Field key={k} label={label} hint={hint} error={errors.fields[k] ?? (k === 'stateOrProvince' ? errors.fields.stateProvince : undefined)} required={k === 'name'}>
            <input value={text[k]} onChange={(e) => setText({ ...text, [k]: e.target.value })} maxLength={k === 'country' ? 2 : undefined} />
          </Field>
        ))}
        <Field label="Contact emails" hint="Comma-separated; they receive notices about this organization." error={errors.fields.contactEmails}>
          <input value={emails} onChange={(e) => setEmails(e.target.value)} />
        </Field>
        <fieldset>
          <legend>Web API</legend>
          <Checkbox
            label="Allow SSL certificate operations over the REST API"
            hint={`sslCertsApiEnabled: API clients with header logins may request SSL certificates for this ${what}. The console works either way.`}
            checked={ssl}
            onChange={setSsl}
          />
          <Checkbox
            label="Allow client certificate operations over the REST API"
            hint="clientCertsApiEnabled: the same for S/MIME client certificates."
            checked={client}
            onChange={setClient}
          />
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : existing ? 'Save changes' : `Create ${what}`}
          </button>
          <Link className="button" to="/settings/organizations">
            Cancel
          </Link>
        </div>
      </form>
      {existing && <SelfEnrollmentPanel orgId={existing.id} what={what} />}
      {existing && !isDepartment && existing.departments.length > 0 && (
        <section className="card" aria-label="Departments">
          <h2>Departments</h2>
          <ul>
            {existing.departments.map((d) => (
              <li key={d.id}>
                <Link to={`/settings/organizations/${d.id}`}>{d.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
