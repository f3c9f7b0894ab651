// Domains → one domain: its state, its delegations, and its validation.

import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { deleteDomain, getDomain, setDomainActive } from '../../api/domains';
import type { ApiError } from '../../api/errors';
import { ErrorBanner, Notice } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DetailList } from '../../components/DetailList';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { StatusBadge } from '../../components/StatusBadge';
import { toApiError, useApi } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { formatApiDate } from '../../lib/dates';
import { useApiClient, useHasPrivilege } from '../../session/SessionProvider';
import { DcvPanel } from './DcvPanel';
import { DelegationsPanel } from './DelegationsPanel';

export function DomainDetailsPage() {
  const id = Number(useParams().id);
  const api = useApiClient();
  const navigate = useNavigate();
  const location = useLocation();
  const canManage = useHasPrivilege('allowManageDomains');
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const [error, setError] = useState<ApiError>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const domain = useApi((a) => getDomain(a, id), [id]);
  const { options: orgs } = useOrgOptions();
  const d = domain.data;

  const act = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setNotice(done);
      domain.reload();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link to="/domains">Domains</Link> ›
      </p>
      <PageTitle
        title={d ? d.name : `Domain ${id}`}
        actions={
          d &&
          canManage && (
            <>
              <button
                type="button"
                disabled={busy}
                onClick={() => void act(() => setDomainActive(api, id, d.state !== 'ACTIVE'), d.state === 'ACTIVE' ? 'Domain suspended.' : 'Domain activated.')}
              >
                {d.state === 'ACTIVE' ? 'Suspend' : 'Activate'}
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            </>
          )
        }
      >
        {d ? <code>{d.name}</code> : `Domain ${id}`}
      </PageTitle>
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={domain.error ?? (confirmDelete ? undefined : error)} />
      {domain.loading && !d && <Loading />}
      {d && d.id === id && (
        <div className="columns">
          <div className="grow">
            <section className="card" aria-label="Domain details">
              <h2>Details</h2>
              <DetailList
                items={[
                  ['Name', <code key="n">{d.name}</code>],
                  ['Description', d.description],
                  ['State', <StatusBadge key="s" status={d.state} />],
                  ['Delegations', <StatusBadge key="d" status={d.delegationStatus} />],
                  ['Validation', <StatusBadge key="v" status={d.validationStatus} />],
                  ['Validation expires', formatApiDate(d.dcvExpiration)],
                ]}
              />
            </section>
          </div>
          <div className="side">
            <DcvPanel domain={d.name} onValidated={() => domain.reload()} />
          </div>
        </div>
      )}
      {d && d.id === id && (
        <DelegationsPanel domain={d} orgs={orgs} onChanged={(n) => { setNotice(n); domain.reload(); }} />
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${d?.name ?? 'this domain'}?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        error={error}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          void (async () => {
            setBusy(true);
            try {
              await deleteDomain(api, id);
              navigate('/domains', { replace: true });
            } catch (e) {
              setError(toApiError(e));
              setBusy(false);
            }
          })()
        }
      >
        <p>Its delegations and validation go with it. Certificates already issued stay valid.</p>
      </ConfirmDialog>
    </>
  );
}
