// Domains: the registry the admin sees through its delegations. The list answers ids and
// names; state, delegation and validation come from each row's details.

import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getDomain, listDomains, type DomainDetails, type DomainListItem } from '../../api/domains';
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
import { formatApiDate, parseApiDate } from '../../lib/dates';
import { readFilters, readPaging, readSort, sortParam, withParams } from '../../lib/listState';
import { sortRows } from '../../lib/sort';
import { useHasPrivilege } from '../../session/SessionProvider';

const kKeys = ['name', 'state', 'status', 'orgId'] as const;
type Filters = Record<(typeof kKeys)[number], string>;

export function DomainListPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, kKeys);
  const paging = readPaging(params);
  const sort = readSort(params);
  const canAdd = useHasPrivilege('allowManageDomains');
  const page = useApi(
    (api) =>
      listDomains(
        api,
        {
          name: filters.name,
          state: filters.state as 'active' | 'inactive' | '',
          status: filters.status as 'requested' | 'approved' | '',
          orgId: filters.orgId ? Number(filters.orgId) : '',
        },
        paging,
      ),
    [params.toString()],
  );
  const items = page.data?.items ?? [];
  const details = useDetails(items.map((d) => d.id), getDomain);
  const d = (r: DomainListItem): DomainDetails | undefined => loaded(details.get(r.id));
  const columns: Column<DomainListItem>[] = [
    { key: 'name', header: 'Domain', sortable: true, render: (r) => <Link to={`/domains/${r.id}`}>{r.name}</Link> },
    { key: 'state', header: 'State', sortable: true, render: (r) => <StatusBadge status={d(r)?.state} /> },
    { key: 'delegation', header: 'Delegations', sortable: true, render: (r) => <StatusBadge status={d(r)?.delegationStatus} /> },
    { key: 'validation', header: 'Validation', sortable: true, render: (r) => <StatusBadge status={d(r)?.validationStatus} /> },
    { key: 'expires', header: 'Validation expires', sortable: true, render: (r) => formatApiDate(d(r)?.dcvExpiration) },
  ];
  const rows = sortRows(items, sort, (r, key) => {
    const x = d(r);
    if (key === 'name') return r.name;
    if (key === 'state') return x?.state;
    if (key === 'delegation') return x?.delegationStatus;
    if (key === 'validation') return x?.validationStatus;
    if (key === 'expires') return parseApiDate(x?.dcvExpiration);
    return undefined;
  });
  return (
    <>
      <PageTitle
        title="Domains"
        actions={
          canAdd && (
            <Link className="button primary" to="/domains/new">
              Add a domain
            </Link>
          )
        }
      >
        Domains
      </PageTitle>
      <p className="lede">
        A certificate can name only domains delegated to its organization or department and validated. Open a domain to
        validate it or to decide on its delegations.
      </p>
      <DomainFilters values={filters} onApply={(v) => setParams(withParams(params, v))} />
      <ErrorBanner error={page.error} />
      {page.loading && !page.data ? (
        <Loading label="Loading domains…" />
      ) : (
        <>
          <Table
            caption="Domains"
            note={sort ? '(sorted within this page)' : undefined}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(s) => setParams(withParams(params, { sort: sortParam(s) }, { resetPosition: false }))}
            empty="No domain matches these filters."
          />
          <Pager
            label="Domain pages"
            paging={paging}
            total={page.data?.total ?? 0}
            onChange={(p) => setParams(withParams(params, { position: p.position || undefined, size: p.size }))}
          />
        </>
      )}
    </>
  );
}

function DomainFilters({ values, onApply }: { values: Filters; onApply(v: Filters): void }) {
  const { options: orgs } = useOrgOptions();
  const { draft, set } = useFilterDraft(values);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter domains">
      <div className="filter-row">
        <Field label="Name contains">
          <input value={draft.name} onChange={set('name')} />
        </Field>
        <Field label="State">
          <select value={draft.state} onChange={set('state')}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Suspended</option>
          </select>
        </Field>
        <Field label="Delegation">
          <select value={draft.status} onChange={set('status')}>
            <option value="">Any</option>
            <option value="requested">Requested (awaiting approval)</option>
            <option value="approved">Approved</option>
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
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => onApply({ name: '', state: '', status: '', orgId: '' })}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
