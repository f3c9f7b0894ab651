// Certificates → SSL → one certificate: every field, actions, downloads, validation.

import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { getSsl } from '../../api/ssl';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { useApi } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { ChainPanel } from './ChainPanel';
import { DownloadPanel } from './DownloadPanel';
import { SslActions } from './SslActions';
import { SslDcvPanel } from './SslDcvPanel';
import { SslFields } from './SslFields';

export function SslDetailsPage() {
  const id = Number(useParams().id);
  const location = useLocation();
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const details = useApi((api) => getSsl(api, id), [id]);
  const { options: orgs } = useOrgOptions();
  const d = details.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/certificates/ssl">SSL certificates</Link> ›
      </p>
      <PageTitle title={d ? `${d.commonName} (#${id})` : `Certificate ${id}`}>
        {d ? d.commonName : `Certificate ${id}`} {d && <StatusBadge status={d.status} />}
      </PageTitle>
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={details.error} />
      {details.error && !d && (
        <p className="hint">
          Either there is no such certificate, or it belongs to an organization or department you do not administer.{' '}
          <Link to="/certificates/ssl">Back to the list</Link>
        </p>
      )}
      {details.loading && !d && <Loading />}
      {d && d.id === id && (
        <div className="columns">
          <div className="grow">
            <section className="card" aria-label="Certificate details">
              <h2>Details</h2>
              <SslFields details={d} orgs={orgs} />
            </section>
            {d.status === 'Issued' && <ChainPanel id={id} />}
          </div>
          <div className="side">
            <SslActions
              details={d}
              onChanged={(n) => {
                setNotice(n);
                details.reload();
              }}
            />
            <DownloadPanel id={id} status={d.status} />
            {['Requested', 'Approved', 'Applied'].includes(d.status) && <SslDcvPanel id={id} />}
          </div>
        </div>
      )}
    </>
  );
}
