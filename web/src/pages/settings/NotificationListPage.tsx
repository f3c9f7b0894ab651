// Settings → Notifications: the rules that send email on certificate, domain and admin
// events, filtered by type and description, paged by the server.

import type { FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router-dom';
import { listNotifications, listNotificationTypes, type NotificationRule } from '../../api/notifications';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { Table, type Column } from '../../components/Table';
import { useApi } from '../../hooks/useApi';
import { useFilterDraft } from '../../hooks/useFilterDraft';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { readFilters, readPaging, readSort, sortParam, withParams } from '../../lib/listState';
import { recipientsSummary, scopeSummary, usesDays } from '../../lib/notificationRules';
import { sortRows } from '../../lib/sort';
import { NotificationTabs } from './NotificationTabs';

const kKeys = ['type', 'description'] as const;
type Filters = Record<(typeof kKeys)[number], string>;

/** "30", or "30, daily": the days of the expiration types; '' for the others. */
function daysOf(r: NotificationRule): string {
  if (!usesDays(r.type) || r.additionalData?.days === undefined) return '';
  return r.additionalData.freq === 'DAILY' ? `${r.additionalData.days}, daily` : String(r.additionalData.days);
}

export function NotificationListPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const filters = readFilters(params, kKeys);
  const paging = readPaging(params);
  const sort = readSort(params);
  const { options: orgs } = useOrgOptions();
  const types = useApi((api) => listNotificationTypes(api), []);
  const page = useApi((api) => listNotifications(api, filters, paging), [params.toString()]);
  const items = page.data?.items ?? [];
  const columns: Column<NotificationRule>[] = [
    {
      key: 'description',
      header: 'Description',
      sortable: true,
      render: (r) => <Link to={`/settings/notifications/${r.id}`}>{r.description || `Rule ${r.id}`}</Link>,
    },
    { key: 'type', header: 'Type', sortable: true, render: (r) => r.type },
    { key: 'scope', header: 'Applies to', render: (r) => scopeSummary(r, orgs) },
    { key: 'recipients', header: 'Notifies', render: (r) => recipientsSummary(r) },
    { key: 'days', header: 'Days before', sortable: true, render: daysOf },
    { key: 'active', header: 'State', sortable: true, render: (r) => <StatusBadge status={r.active ? 'ACTIVE' : 'INACTIVE'} /> },
  ];
  const rows = sortRows(items, sort, (r, key) => {
    if (key === 'description') return r.description;
    if (key === 'type') return r.type;
    if (key === 'days') return usesDays(r.type) ? r.additionalData?.days : undefined;
    if (key === 'active') return r.active ? 'Active' : 'Inactive';
    return undefined;
  });
  return (
    <>
      <PageTitle
        title="Notifications"
        actions={
          <Link className="button primary" to="/settings/notifications/new">
            Add notification
          </Link>
        }
      >
        Notifications
      </PageTitle>
      <NotificationTabs />
      <p className="lede">
        Each rule sends an email when something happens in the organizations and departments it applies to: to the roles it
        names (the requester, the RAOs…) and to any fixed addresses.
      </p>
      <Notice tone="success">{notice}</Notice>
      <RuleFilters values={filters} types={types.data ?? []} onApply={(v) => setParams(withParams(params, v))} />
      <ErrorBanner error={page.error ?? types.error} />
      {page.loading && !page.data ? (
        <Loading label="Loading notification rules…" />
      ) : (
        <>
          <Table
            caption="Notification rules"
            note={sort ? '(sorted within this page)' : undefined}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(s) => setParams(withParams(params, { sort: sortParam(s) }, { resetPosition: false }))}
            empty={Object.values(filters).some(Boolean) ? 'No rule matches these filters.' : 'No notification rules yet.'}
          />
          <Pager
            label="Notification rule pages"
            paging={paging}
            total={page.data?.total ?? 0}
            onChange={(p) => setParams(withParams(params, { position: p.position || undefined, size: p.size }))}
          />
        </>
      )}
    </>
  );
}

function RuleFilters({ values, types, onApply }: { values: Filters; types: string[]; onApply(v: Filters): void }) {
  const { draft, set } = useFilterDraft(values);
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter notification rules"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div className="filter-row">
        <Field label="Type">
          <select value={draft.type} onChange={set('type')}>
            <option value="">Any type</option>
            {types.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <Field label="Description">
          <input value={draft.description} onChange={set('description')} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        <button type="button" onClick={() => onApply({ type: '', description: '' })}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
