// An admin's state: suspend or reactivate, lift a lockout, delete.

import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { deleteAdmin, unlockAdmin, updateAdmin, type AdminDetails } from '../../api/admins';
import type { ApiError } from '../../api/errors';
import { ErrorBanner, Notice } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DetailList } from '../../components/DetailList';
import { StatusBadge } from '../../components/StatusBadge';
import { toApiError } from '../../hooks/useApi';
import { formatApiDate } from '../../lib/dates';
import { useApiClient, useMe } from '../../session/SessionProvider';


// scm-api.md §2.3: ALIVE, EXPIRED, NEVER_EXPIRE.
const kPasswordStates: Record<string, string> = {
  ALIVE: 'Valid (expires by policy)',
  EXPIRED: 'Expired',
  NEVER_EXPIRE: 'Valid, never expires',
};
export function AdminStatePanel({ admin, onChanged }: { admin: AdminDetails; onChanged(): void }) {
  const api = useApiClient();
  const me = useMe();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canEdit = me.privileges.includes('allowEdit');
  const canDelete = me.privileges.includes('allowDelete');
  const self = admin.id === me.id;
  const suspended = admin.activeStatus === 'SUSPENDED';

  const run = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setNotice(done);
      onChanged();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card side" aria-labelledby="state-title">
      <h2 id="state-title">State</h2>
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={confirmDelete ? undefined : error} />
      <DetailList
        items={[
          ['Status', <StatusBadge key="s" status={admin.activeStatus} />],
          ['Locked', admin.locked ? `Yes, until ${formatApiDate(admin.lockedUntil)}` : 'No'],
          ['Failed sign-ins', admin.failedAttempts],
          ['Password', `${kPasswordStates[admin.passwordState] ?? admin.passwordState}${admin.mustChangePassword ? '; must be changed at the next sign-in' : ''}`],
          ['Password changed', formatApiDate(admin.lastPasswordChange)],
          ['Created', formatApiDate(admin.created)],
          ['Modified', formatApiDate(admin.modified)],
        ]}
      />
      <div className="actions">
        {canEdit && !self && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(
                () => updateAdmin(api, admin.id, { activeStatus: suspended ? 'ACTIVE' : 'SUSPENDED' }),
                suspended ? `${admin.login} reactivated.` : `${admin.login} suspended: they cannot sign in.`,
              )
            }
          >
            {suspended ? 'Reactivate' : 'Suspend'}
          </button>
        )}
        {canEdit && (admin.locked || admin.failedAttempts > 0) && (
          <button type="button" disabled={busy} onClick={() => void run(() => unlockAdmin(api, admin.id), `${admin.login} unlocked.`)}>
            Unlock
          </button>
        )}
        {canDelete && !self && (
          <button type="button" className="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${admin.login}?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        error={error}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() =>
          void (async () => {
            setBusy(true);
            try {
              await deleteAdmin(api, admin.id);
              navigate('/admins', { replace: true });
            } catch (e) {
              setError(toApiError(e));
              setBusy(false);
            }
          })()
        }
      >
        <p>They can no longer sign in. Their certificates and requests stay.</p>
      </ConfirmDialog>
    </section>
  );
}
