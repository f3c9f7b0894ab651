// Certificates → SSL: the server pages and filters; status, expiry and place come from
// each row's details (the list answers only ids, names and serials).

import { Link, useSearchParams } from 'react-router-dom';
import { getSsl, listSsl, listSslTypes, type SslDetails, type SslFilters, type SslListItem } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { Table, type Column } from '../../components/Table';
import { useApi } from '../../hooks/useApi';
import { loaded, useDetails } from '../../hooks/useDetails';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { formatApiDate, parseApiDate } from '../../lib/dates';
import { readFilters, readPaging, readSort, sortParam, withParams } from '../../lib/listState';
import { orgLabel } from '../../lib/orgTree';
import { sortRows } from '../../lib/sort';
import { useHasPrivilege } from '../../session/SessionProvider';
import { kSslFilterKeys, SslFilterForm, type SslFilterValues } from './SslFilterForm';

/** The API's filters from the form's texts (ids as numbers; empty ones left out later). */
export function toSslFilters(v: SslFilterValues): SslFilters {
  return {
    ...v,
    status: v.status as SslFilters['status'],
    sslTypeId: v.sslTypeId ? Number(v.sslTypeId) : '',
    orgId: v.orgId ? Number(v.orgId) : '',
  };
}

export function SslListPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, kSslFilterKeys);
  const paging = readPaging(params);
  const sort = readSort(params);
  const canRequest = useHasPrivilege('sslRequest');
  const { options: orgs } = useOrgOptions();
  const types = useApi((api) => listSslTypes(api), []);
  const page = useApi((api) => listSsl(api, toSslFilters(filters), paging), [params.toString()]);
  const items = page.data?.items ?? [];
  const details = useDetails(items.map((i) => i.sslId), getSsl);

  const detailOf = (row: SslListItem): SslDetails | undefined => loaded(details.get(row.sslId));
  const columns: Column<SslListItem>[] = [
    { key: 'sslId', header: 'ID', sortable: true, render: (r) => <Link to={`/certificates/ssl/${r.sslId}`}>{r.sslId}</Link> },
    {
      key: 'commonName',
      header: 'Common name',
      sortable: true,
      render: (r) => <Link to={`/certificates/ssl/${r.sslId}`}>{r.commonName}</Link>,
    },
    { key: 'status', header: 'Status', sortable: true, render: (r) => <StatusBadge status={detailOf(r)?.status} /> },
    { key: 'expires', header: 'Expires', sortable: true, render: (r) => formatApiDate(detailOf(r)?.expires) },
    { key: 'org', header: 'Organization', render: (r) => orgLabel(orgs, detailOf(r)?.orgId) },
    {
      key: 'names',
      header: 'Other names',
      render: (r) => r.subjectAlternativeNames.filter((n) => n !== r.commonName).join(', '),
    },
    { key: 'serialNumber', header: 'Serial number', render: (r) => <code className="serial">{r.serialNumber ?? ''}</code> },
  ];
  const rows = sortRows(items, sort, (r, key) => {
    const d = detailOf(r);
    if (key === 'sslId') return r.sslId;
    if (key === 'commonName') return r.commonName;
    if (key === 'status') return d?.status;
    if (key === 'expires') return parseApiDate(d?.expires);
    return undefined;
  });

  return (
    <>
      <PageTitle
        title="SSL certificates"
        actions={
          canRequest && (
            <Link className="button primary" to="/certificates/ssl/new">
              Request a certificate
            </Link>
          )
        }
      >
        SSL certificates
      </PageTitle>
      <SslFilterForm
        values={filters}
        types={types.data ?? []}
        orgs={orgs}
        onApply={(v) => setParams(withParams(params, v))}
      />
      <ErrorBanner error={page.error} />
      {page.loading && !page.data ? (
        <Loading label="Loading certificates…" />
      ) : (
        <>
          <Table
            caption="Certificates"
            note={sort ? '(sorted within this page)' : undefined}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.sslId}
            sort={sort}
            onSort={(s) => setParams(withParams(params, { sort: sortParam(s) }, { resetPosition: false }))}
            empty={Object.values(filters).some(Boolean) ? 'No certificate matches these filters.' : 'No certificates yet in the organizations and departments you administer.'}
          />
          <Pager
            label="Certificate pages"
            paging={paging}
            total={page.data?.total ?? 0}
            onChange={(p) => setParams(withParams(params, { position: p.position || undefined, size: p.size }))}
          />
        </>
      )}
    </>
  );
}
