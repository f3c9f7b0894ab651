// Admins: the administrators the signed-in admin may see, with their roles and state.

import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getAdmin, listAdmins, type AdminDetails, type AdminListItem } from '../../api/admins';
import type { Role } from '../../api/session';
import { ErrorBanner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { Table, type Column } from '../../components/Table';
import { useApi } from '../../hooks/useApi';
import { loaded, useDetails } from '../../hooks/useDetails';
import { useFilterDraft } from '../../hooks/useFilterDraft';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { readFilters, readPaging, readSort, sortParam, withParams } from '../../lib/listState';
import { orgLabel } from '../../lib/orgTree';
import { sortRows } from '../../lib/sort';
import { useHasPrivilege } from '../../session/SessionProvider';

const kKeys = ['login', 'email', 'role', 'activeState'] as const;
type Filters = Record<(typeof kKeys)[number], string>;
const kRoles: Role[] = ['MRAO', 'RAO_SSL', 'RAO_SMIME', 'RAO_CS', 'DRAO_SSL', 'DRAO_SMIME', 'DRAO_CS'];

export function AdminListPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, kKeys);
  const paging = readPaging(params);
  const sort = readSort(params);
  const canCreate = useHasPrivilege('allowCreate');
  const { options: orgs } = useOrgOptions();
  const page = useApi(
    (api) =>
      listAdmins(
        api,
        { ...filters, role: filters.role as Role | '', activeState: filters.activeState as 'ACTIVE' | 'SUSPENDED' | '' },
        paging,
      ),
    [params.toString()],
  );
  const items = page.data?.items ?? [];
  const details = useDetails(items.map((a) => a.id), getAdmin);
  const d = (r: AdminListItem): AdminDetails | undefined => loaded(details.get(r.id));
  const state = (x: AdminDetails | undefined) => (x ? (x.locked ? 'LOCKED' : x.activeStatus) : undefined);
  const columns: Column<AdminListItem>[] = [
    { key: 'login', header: 'Login', sortable: true, render: (r) => <Link to={`/admins/${r.id}`}>{r.login}</Link> },
    { key: 'name', header: 'Name', sortable: true, render: (r) => `${r.forename} ${r.surname}`.trim() },
    { key: 'email', header: 'Email', sortable: true, render: (r) => r.email },
    {
      key: 'roles',
      header: 'Roles',
      render: (r) =>
        d(r)
          ?.credentials.map((c) => (c.orgId ? `${c.role} at ${orgLabel(orgs, c.orgId)}` : c.role))
          .join('; ') ?? '',
    },
    { key: 'state', header: 'State', sortable: true, render: (r) => <StatusBadge status={state(d(r))} /> },
  ];
  const rows = sortRows(items, sort, (r, key) => {
    if (key === 'login') return r.login;
    if (key === 'name') return `${r.surname} ${r.forename}`;
    if (key === 'email') return r.email;
    if (key === 'state') return state(d(r));
    return undefined;
  });
  return (
    <>
      <PageTitle
        title="Admins"
        actions={
          canCreate && (
            <Link className="button primary" to="/admins/new">
              Add an admin
            </Link>
          )
        }
      >
        Admins
      </PageTitle>
      <AdminFilters values={filters} onApply={(v) => setParams(withParams(params, v))} />
      <ErrorBanner error={page.error} />
      {page.loading && !page.data ? (
        <Loading label="Loading admins…" />
      ) : (
        <>
          <Table
            caption="Administrators"
            note={sort ? '(sorted within this page)' : undefined}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(s) => setParams(withParams(params, { sort: sortParam(s) }, { resetPosition: false }))}
            empty="No admin matches these filters."
          />
          <Pager
            label="Admin pages"
            paging={paging}
            total={page.data?.total ?? 0}
            onChange={(p) => setParams(withParams(params, { position: p.position || undefined, size: p.size }))}
          />
        </>
      )}
    </>
  );
}

function AdminFilters({ values, onApply }: { values: Filters; onApply(v: Filters): void }) {
  const { draft, set } = useFilterDraft(values);
  return (
    <form
      className="filters"
      aria-label="Filter admins"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div className="filter-row">
        <Field label="Login">
          <input value={draft.login} onChange={set('login')} />
        </Field>
        <Field label="Email">
          <input value={draft.email} onChange={set('email')} />
        </Field>
        <Field label="Role">
          <select value={draft.role} onChange={set('role')}>
            <option value="">Any</option>
            {kRoles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </Field>
        <Field label="State">
          <select value={draft.activeState} onChange={set('activeState')}>
            <option value="">Any</option>
            <option value="ACTIVE">Active</option>
            <option value="SUSPENDED">Suspended</option>
          </select>
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => onApply({ login: '', email: '', role: '', activeState: '' })}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
