// /enroll/status/:statusToken — the requester's view of a self-enrollment request, from
// the link in the confirmation email: where it stands, and the certificate once issued.
// The link is the only credential; no session, no admin API.

import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { downloadEnrollCertificate, getEnrollStatus, publicApiClient, type EnrollStatus } from '../../api/enroll';
import type { ApiError } from '../../api/errors';
import { ErrorBanner } from '../../components/Banner';
import { DetailList } from '../../components/DetailList';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { toApiError } from '../../hooks/useApi';
import { formatApiDate } from '../../lib/dates';
import { saveBlob } from '../../lib/download';
import { certificateFileName } from '../../lib/enrollment';

const kInvalidStatusLink = 'This status link is not valid.';

/** What a status means for the requester. */
function explain(s: EnrollStatus): string {
  switch (s.status) {
    case 'Requested':
      return `Waiting for an administrator of ${s.organization} to confirm who you are and approve the request.`;
    case 'Approved':
    case 'Applied':
      return 'Approved; the certificate is being issued. Check again in a few minutes.';
    case 'Issued':
      return 'Issued. Download the certificate with its chain and install it with your private key.';
    case 'Declined':
    case 'Rejected':
      return 'The request was not approved.';
    default:
      return '';
  }
}

export function EnrollStatusPage() {
  const { statusToken = '' } = useParams();
  const api = useMemo(() => publicApiClient(), []);
  const [status, setStatus] = useState<EnrollStatus>();
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<ApiError>();

  useEffect(() => {
    let live = true;
    setError(undefined);
    getEnrollStatus(api, statusToken)
      .then((s) => live && setStatus(s))
      .catch((e: unknown) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [api, statusToken, tick]);

  const download = async (s: EnrollStatus) => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      saveBlob(await downloadEnrollCertificate(api, statusToken), certificateFileName(s.commonName));
    } catch (e) {
      setDownloadError(toApiError(e));
    } finally {
      setDownloading(false);
    }
  };

  if (error?.status === 404) {
    return (
      <>
        <PageTitle title="Certificate request">Certificate request</PageTitle>
        <ErrorBanner>{kInvalidStatusLink}</ErrorBanner>
      </>
    );
  }
  if (!status) return error ? <ErrorBanner error={error} /> : <Loading label="Loading your request…" />;
  const title = `Certificate request ${status.referenceNumber}`;
  return (
    <>
      <PageTitle title={title} actions={<StatusBadge status={status.status} />}>
        {title}
      </PageTitle>
      <ErrorBanner error={error} />
      <section className="card" aria-label="Your request">
        <p>{explain(status)}</p>
        {status.message && <p className="banner banner-info">{status.message}</p>}
        <DetailList
          items={[
            ['Reference number', status.referenceNumber],
            ['Organization', status.organization],
            ['Common name', status.commonName],
            ['Names', (status.names ?? []).join(', ')],
            ['Requested', formatApiDate(status.requested)],
            ['Expires', formatApiDate(status.expires)],
          ]}
        />
        <ErrorBanner error={downloadError} />
        <div className="actions">
          {status.status === 'Issued' && (
            <button type="button" className="primary" onClick={() => void download(status)} disabled={downloading}>
              {downloading ? 'Downloading…' : 'Download certificate'}
            </button>
          )}
          <button type="button" onClick={() => setTick((t) => t + 1)}>
            Check again
          </button>
        </div>
      </section>
    </>
  );
}
