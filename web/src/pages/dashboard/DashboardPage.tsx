// The dashboard: what needs doing soon. Certificates expiring in the next 90 days,
// requests waiting for an approver, validations about to lapse.

import { Link } from 'react-router-dom';
import type { ApiClient } from '../../api/client';
import { listDcv } from '../../api/dcv';
import { getSsl, listSsl, type SslDetails } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { Table } from '../../components/Table';
import { useApi } from '../../hooks/useApi';
import { mapLimit } from '../../lib/concurrency';
import { daysUntil, expiryBuckets, formatApiDate, parseApiDate, relativeDays } from '../../lib/dates';
import { useMe } from '../../session/SessionProvider';
import { ExpiryChart } from './ExpiryChart';

/** How many issued certificates the chart looks at (the list has no expiry filter). */
const kScanLimit = 200;
const kSoonDays = 30;

interface Expiring {
  scanned: number;
  total: number;
  certificates: SslDetails[];
}

async function loadExpiring(api: ApiClient): Promise<Expiring> {
  const page = await listSsl(api, { status: 'Issued' }, { position: 0, size: kScanLimit });
  const details = await mapLimit(page.items, 4, (i) => getSsl(api, i.sslId));
  const certificates = details.filter((d): d is SslDetails => !(d instanceof Error));
  return { scanned: page.items.length, total: page.total, certificates };
}

export function DashboardPage() {
  const me = useMe();
  const canApprove = me.privileges.includes('sslApprove');
  const expiring = useApi(loadExpiring, []);
  const pending = useApi((api) => listSsl(api, { status: 'Requested' }, { position: 0, size: 10 }), []);
  const lapsing = useApi((api) => listDcv(api, { dcvStatus: 'VALIDATED', expiresIn: kSoonDays }, { position: 0, size: 10 }), []);
  const now = new Date();
  const soon = (expiring.data?.certificates ?? [])
    .map((c) => ({ c, at: parseApiDate(c.expires) }))
    .filter((x): x is { c: SslDetails; at: Date } => x.at !== null && daysUntil(x.at, now) >= 0 && daysUntil(x.at, now) < 90)
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  return (
    <>
      <PageTitle title="Dashboard">Dashboard</PageTitle>
      <div className="grid">
        <section className="card" aria-labelledby="awaiting-title">
          <h2 id="awaiting-title">Requests awaiting approval</h2>
          <ErrorBanner error={pending.error} />
          {pending.loading && !pending.data ? (
            <Loading />
          ) : (
            <>
              <p className="stat">{pending.data?.total ?? 0}</p>
              <p className="hint">
                {canApprove
                  ? 'SSL requests in your organizations and departments that wait for you or another approver.'
                  : 'SSL requests in your scope that wait for an approver (you cannot approve them yourself).'}
              </p>
              {(pending.data?.items.length ?? 0) > 0 && (
                <ul>
                  {pending.data!.items.map((r) => (
                    <li key={r.sslId}>
                      <Link to={`/certificates/ssl/${r.sslId}`}>
                        #{r.sslId} {r.commonName}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
              <Link to="/certificates/ssl?status=Requested">All requests awaiting approval</Link>
            </>
          )}
        </section>
        <section className="card" aria-labelledby="lapsing-title">
          <h2 id="lapsing-title">Validations expiring within {kSoonDays} days</h2>
          <ErrorBanner error={lapsing.error} />
          {lapsing.loading && !lapsing.data ? (
            <Loading />
          ) : (
            <Table
              caption="Domain validations about to lapse"
              rows={lapsing.data?.items ?? []}
              rowKey={(r) => r.domain}
              empty="No validation lapses in the next 30 days."
              columns={[
                { key: 'domain', header: 'Domain', render: (r) => <code>{r.domain}</code> },
                { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.dcvStatus} /> },
                { key: 'exp', header: 'Expires', render: (r) => formatApiDate(r.expirationDate) },
              ]}
            />
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="expiring-title">
        <h2 id="expiring-title">Certificates expiring in the next 90 days</h2>
        <ErrorBanner error={expiring.error} />
        {expiring.loading && !expiring.data ? (
          <Loading label="Counting certificates…" />
        ) : (
          <>
            <ExpiryChart buckets={expiryBuckets(soon.map((x) => x.at), now)} />
            {expiring.data && expiring.data.total > expiring.data.scanned && (
              <p className="hint">
                Counted from the first {expiring.data.scanned} of {expiring.data.total} issued certificates.
              </p>
            )}
            <Table
              caption="Expiring first"
              rows={soon.slice(0, 10)}
              rowKey={(x) => x.c.id}
              empty="No certificate expires in the next 90 days."
              columns={[
                { key: 'cn', header: 'Certificate', render: (x) => <Link to={`/certificates/ssl/${x.c.id}`}>{x.c.commonName}</Link> },
                { key: 'exp', header: 'Expires', render: (x) => `${formatApiDate(x.c.expires)} (${relativeDays(daysUntil(x.at, now))})` },
                { key: 'renew', header: 'Auto-renewal', render: (x) => x.c.autoRenewDetails?.state ?? '' },
              ]}
            />
          </>
        )}
      </section>
    </>
  );
}
