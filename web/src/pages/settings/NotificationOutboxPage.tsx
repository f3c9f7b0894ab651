// Settings → Notifications → Delivery: the outbox of notification messages, failed ones
// first (the default filter), with the SMTP server's last answer and a Retry for each.

import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import { kOutboxStatuses, listOutbox, retryOutboxMessage, type OutboxMessage, type OutboxStatus } from '../../api/notifications';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { Table, type Column } from '../../components/Table';
import { toApiError, useApi } from '../../hooks/useApi';
import { formatApiDate } from '../../lib/dates';
import { readPaging, withParams } from '../../lib/listState';
import { useApiClient } from '../../session/SessionProvider';
import { NotificationTabs } from './NotificationTabs';

// ?status= absent means FAILED, what an admin comes here for; ALL shows every message.
const kDefaultStatus = 'FAILED';
const kAll = 'ALL';
const kStatusLabels: Record<OutboxStatus, string> = { PENDING: 'Pending', SENT: 'Sent', FAILED: 'Failed' };

export function NotificationOutboxPage() {
  const api = useApiClient();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? kDefaultStatus;
  const paging = readPaging(params);
  const apiStatus = (kOutboxStatuses as readonly string[]).includes(status) ? (status as OutboxStatus) : '';
  const page = useApi((a) => listOutbox(a, apiStatus, paging), [params.toString()]);
  const [retrying, setRetrying] = useState<number>();
  const [retryError, setRetryError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();

  const retry = async (m: OutboxMessage) => {
    setRetrying(m.id);
    setRetryError(undefined);
    setNotice(undefined);
    try {
      await retryOutboxMessage(api, m.id);
      setNotice(`“${m.subject}” is queued to be sent again.`);
      page.reload();
    } catch (e) {
      setRetryError(toApiError(e));
    } finally {
      setRetrying(undefined);
    }
  };

  const columns: Column<OutboxMessage>[] = [
    { key: 'createdAt', header: 'Queued', render: (m) => formatApiDate(m.createdAt) },
    { key: 'kind', header: 'Kind', render: (m) => m.kind },
    { key: 'to', header: 'To', render: (m) => m.to.join(', ') },
    { key: 'subject', header: 'Subject', render: (m) => m.subject },
    { key: 'status', header: 'Status', render: (m) => <StatusBadge status={m.status} /> },
    { key: 'attempts', header: 'Attempts', render: (m) => m.attempts },
    {
      key: 'when',
      header: 'Sent or next attempt',
      render: (m) => (m.status === 'SENT' ? formatApiDate(m.sentAt) : m.status === 'PENDING' ? formatApiDate(m.nextAttemptAt) : ''),
    },
    { key: 'lastError', header: 'Last error', className: 'error-text', render: (m) => m.lastError ?? '' },
    {
      key: 'retry',
      header: 'Action',
      render: (m) =>
        m.status === 'FAILED' && (
          <button type="button" disabled={retrying !== undefined} onClick={() => void retry(m)} aria-label={`Retry “${m.subject}” to ${m.to.join(', ')}`}>
            {retrying === m.id ? 'Retrying…' : 'Retry'}
          </button>
        ),
    },
  ];

  return (
    <>
      <PageTitle title="Notification delivery">Notification delivery</PageTitle>
      <NotificationTabs />
      <p className="lede">
        Messages wait here until the mail server accepts them; one it keeps refusing is marked failed, with the server's
        last answer. Retry queues a failed message to be sent again.
      </p>
      <StatusFilter value={status} onApply={(v) => setParams(withParams(params, { status: v === kDefaultStatus ? undefined : v }))} />
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={retryError ?? page.error} />
      {page.loading && !page.data ? (
        <Loading label="Loading messages…" />
      ) : (
        <>
          <Table
            caption="Messages"
            columns={columns}
            rows={page.data?.items ?? []}
            rowKey={(m) => m.id}
            empty={status === kDefaultStatus ? 'No message has failed.' : 'No messages.'}
          />
          <Pager
            label="Message pages"
            paging={paging}
            total={page.data?.total ?? 0}
            onChange={(p) => setParams(withParams(params, { position: p.position || undefined, size: p.size }))}
          />
        </>
      )}
    </>
  );
}

function StatusFilter({ value, onApply }: { value: string; onApply(v: string): void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter messages"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div className="filter-row">
        <Field label="Status">
          <select value={draft} onChange={(e) => setDraft(e.target.value)}>
            {kOutboxStatuses.map((s) => (
              <option key={s} value={s}>
                {kStatusLabels[s]}
              </option>
            ))}
            <option value={kAll}>Any status</option>
          </select>
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filter
        </button>
      </div>
    </form>
  );
}
