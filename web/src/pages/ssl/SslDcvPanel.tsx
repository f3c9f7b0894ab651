// GET /api/ssl/v1/{id}/dcv: what a request still waits for before it can be issued.

import { Link } from 'react-router-dom';
import { sslDcv } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { StatusBadge } from '../../components/StatusBadge';
import { Table } from '../../components/Table';
import { useApi } from '../../hooks/useApi';
import { formatApiDate } from '../../lib/dates';

export function SslDcvPanel({ id }: { id: number }) {
  const dcv = useApi((api) => sslDcv(api, id), [id]);
  const log = dcv.data?.dcvLog.log ?? [];
  if (!dcv.error && log.length === 0) return null;
  return (
    <section className="card" aria-label="Domain validation of this request">
      <h2>Domain validation</h2>
      <p className="hint">
        Each name must be covered by a live validation before the certificate is issued. Validate names on the{' '}
        <Link to="/domains">Domains</Link> page.
      </p>
      <ErrorBanner error={dcv.error} />
      <Table
        caption="Validation of each name"
        rows={log}
        rowKey={(r) => r.domainName}
        columns={[
          { key: 'name', header: 'Name', render: (r) => <code>{r.domainName}</code> },
          { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.dcvStatus} /> },
          { key: 'last', header: 'Last check', render: (r) => formatApiDate(r.lastCheck) },
          { key: 'next', header: 'Next check', render: (r) => formatApiDate(r.nextCheck) },
        ]}
      />
    </section>
  );
}
