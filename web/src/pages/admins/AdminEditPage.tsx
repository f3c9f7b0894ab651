// Admins → add or edit: login, contact, one-time password, roles by level and type,
// privileges. Only what the signed-in admin may grant is offered; the server checks again.

import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { createAdmin, getAdmin, listPrivileges, listRoles, updateAdmin, type AdminDetails, type AdminPatch } from '../../api/admins';
import type { AdminType } from '../../api/session';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormErrors } from '../../components/useFormErrors';
import { useApi } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { credentialsOf, draftOf, rolesOf, type RoleDraft } from '../../lib/credentials';
import { privilegesToSend, type Level } from '../../lib/grants';
import { useApiClient, useMe } from '../../session/SessionProvider';
import { AdminStatePanel } from './AdminStatePanel';
import { PrivilegesFieldset } from './PrivilegesFieldset';
import { RolesFieldset } from './RolesFieldset';

const kFields = ['login', 'email', 'forename', 'surname', 'password', 'type', 'credentials', 'privileges'];

export function AdminEditPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : undefined;
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const admin = useApi((a) => (id ? getAdmin(a, id) : Promise.resolve(undefined)), [id]);
  if (id && admin.loading && !admin.data) return <Loading label="Loading the admin…" />;
  if (id && !admin.data) return <ErrorBanner error={admin.error} />;
  return <AdminForm key={`${id ?? 'new'}-${admin.data?.modified ?? ''}`} existing={admin.data} notice={notice} onChanged={admin.reload} />;
}

function AdminForm({ existing, notice, onChanged }: { existing?: AdminDetails; notice?: string; onChanged(): void }) {
  const api = useApiClient();
  const me = useMe();
  const navigate = useNavigate();
  const { options: orgs, loading: orgsLoading } = useOrgOptions();
  const roles = useApi((a) => listRoles(a), []);
  const errors = useFormErrors(kFields);
  const start = draftOf(existing?.credentials ?? []);
  const [login, setLogin] = useState(existing?.login ?? '');
  const [email, setEmail] = useState(existing?.email ?? '');
  const [forename, setForename] = useState(existing?.forename ?? '');
  const [surname, setSurname] = useState(existing?.surname ?? '');
  const [password, setPassword] = useState('');
  const [type, setType] = useState<AdminType>(existing?.type ?? 'STANDARD');
  const [level, setLevel] = useState<Level | undefined>(start.level);
  const [roleDraft, setRoleDraft] = useState<RoleDraft>(start.roles);
  const [ticked, setTicked] = useState<string[]>(existing?.privileges ?? []);
  const [busy, setBusy] = useState(false);
  const credentials = credentialsOf(level, roleDraft);
  const roleKey = rolesOf(credentials).join(',');
  const fitting = useApi((a) => (roleKey ? listPrivileges(a, rolesOf(credentials)) : Promise.resolve([])), [roleKey]);
  const fittingNames = (fitting.data ?? []).map((p) => p.name);
  useEffect(() => {
    if (!existing && !level && orgs.length && roles.data) {
      // A DRAO creates DRAOs; an RAO, RAOs; start at the editor's own level.
      const own = draftOf(me.credentials).level;
      if (own) setLevel(own === 'customer' ? undefined : own);
    }
  }, [existing, level, orgs, roles.data, me.credentials]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    if (credentials.length === 0) {
      errors.setField('credentials', 'Choose a role and where it is held.');
      return;
    }
    const before = existing?.privileges ?? [];
    const patch: AdminPatch = {
      login: login.trim(),
      email: email.trim(),
      forename: forename.trim(),
      surname: surname.trim(),
      type,
      credentials,
      privileges: privilegesToSend(before, ticked.filter((t) => fittingNames.includes(t)), me.privileges),
    };
    if (password) patch.password = password;
    setBusy(true);
    try {
      if (existing) {
        await updateAdmin(api, existing.id, patch);
        navigate(`/admins/${existing.id}`, { replace: true, state: { notice: `${patch.login} saved.` } });
        onChanged();
      } else {
        const id = await createAdmin(api, patch);
        navigate(`/admins/${id}`, { state: { notice: `${patch.login} added. Give them the one-time password; they choose their own at first sign-in.` } });
      }
    } catch (err) {
      errors.report(err);
    } finally {
      setBusy(false);
    }
  };

  if (orgsLoading || roles.loading) return <Loading label="Loading the form…" />;
  const title = existing ? `Admin ${existing.login}` : 'Add an admin';
  return (
    <>
      <p className="breadcrumb">
        <Link to="/admins">Admins</Link> ›
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={errors.banner ?? roles.error ?? fitting.error} />
      <div className="columns">
        <form className="form grow" onSubmit={submit} aria-label={title}>
          <div className="two-columns">
            <Field label="Login" error={errors.fields.login} required>
              <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="off" minLength={3} maxLength={128} />
            </Field>
            <Field label="Email" error={errors.fields.email} required>
              <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
            </Field>
            <Field label="Forename" error={errors.fields.forename} required>
              <input value={forename} onChange={(e) => setForename(e.target.value)} />
            </Field>
            <Field label="Surname" error={errors.fields.surname} required>
              <input value={surname} onChange={(e) => setSurname(e.target.value)} />
            </Field>
          </div>
          <Field
            label={existing ? 'New one-time password' : 'One-time password'}
            hint={
              existing
                ? 'Optional: sets a password they must change at their next sign-in.'
                : 'They must change it at their first sign-in. At least 12 characters.'
            }
            error={errors.fields.password}
            required={!existing}
          >
            <input type="text" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Type" hint="API admins use the REST API only and cannot sign in here." error={errors.fields.type}>
            <select value={type} onChange={(e) => setType(e.target.value as AdminType)}>
              <option value="STANDARD">Standard (console and API)</option>
              <option value="API">API only</option>
            </select>
          </Field>
          <RolesFieldset
            editor={me.credentials}
            allRoles={roles.data ?? []}
            orgs={orgs}
            level={level}
            roles={roleDraft}
            error={errors.fields.credentials}
            onChange={(l, r) => {
              setLevel(l);
              setRoleDraft(r);
            }}
          />
          <PrivilegesFieldset
            fitting={fitting.data ?? []}
            editorPrivileges={me.privileges}
            ticked={ticked}
            error={errors.fields.privileges}
            onChange={setTicked}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : existing ? 'Save changes' : 'Add admin'}
            </button>
            <Link className="button" to="/admins">
              Cancel
            </Link>
          </div>
        </form>
        {existing && <AdminStatePanel admin={existing} onChanged={onChanged} />}
      </div>
    </>
  );
}
