// What can be done to a certificate now: approve or decline a request, revoke, renew,
// switch auto-renewal. Only actions its status allows and the admin's privileges cover
// are offered; the server checks again.

import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import { approveSsl, declineSsl, kRevocationReasons, renewSsl, revokeSsl, setAutoRenew, type SslDetails } from '../../api/ssl';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { toApiError } from '../../hooks/useApi';
import { useApiClient, useMe } from '../../session/SessionProvider';

type Action = 'approve' | 'decline' | 'revoke' | 'renew';

interface Props {
  details: SslDetails;
  /** Called after a change, with a sentence saying what happened. */
  onChanged(notice: string): void;
}

export function SslActions({ details, onChanged }: Props) {
  const api = useApiClient();
  const me = useMe();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Action>();
  const [message, setMessage] = useState('');
  const [reasonCode, setReasonCode] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const has = (p: string) => me.privileges.includes(p);
  const id = details.id;
  const s = details.status;

  const start = (a: Action) => {
    setOpen(a);
    setMessage('');
    setReasonCode(0);
    setError(undefined);
  };
  const run = async (work: () => Promise<string | void>, notice: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const redirect = await work();
      setOpen(undefined);
      if (redirect) navigate(redirect, { state: { notice } });
      else onChanged(notice);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const confirm = () => {
    switch (open) {
      case 'approve':
        return run(() => approveSsl(api, id, message.trim()), `Request ${id} approved.`);
      case 'decline':
        return run(() => declineSsl(api, id, message.trim()), `Request ${id} declined; the requester is told why.`);
      case 'revoke':
        return run(() => revokeSsl(api, id, reasonCode, message.trim()), `Certificate ${id} revoked.`);
      case 'renew':
        return run(async () => `/certificates/ssl/${(await renewSsl(api, id)).sslId}`, `Renewal of ${id} requested.`);
    }
  };
  const autoRenewOn = details.autoRenewDetails?.state === 'Scheduled';
  const live = !['Revoked', 'Replaced', 'Expired', 'Declined', 'Rejected', 'Invalid'].includes(s);

  const titles: Record<Action, [string, string]> = {
    approve: [`Approve request ${id}?`, 'Approve'],
    decline: [`Decline request ${id}?`, 'Decline'],
    revoke: [`Revoke certificate ${id}?`, 'Revoke'],
    renew: [`Renew certificate ${id}?`, 'Request renewal'],
  };
  const any =
    (s === 'Requested' && has('sslApprove')) ||
    ((s === 'Issued' || s === 'Expired') && has('sslRenew')) ||
    (s === 'Issued' && has('sslRevoke')) ||
    live;
  return (
    <section className="card" aria-label="Actions">
      <h2>Actions</h2>
      {!any && <p className="hint">{s === 'Requested' ? 'Waiting for an approver.' : `Nothing more can be done with a certificate that is ${s.toLowerCase()}.`}</p>}
      <div className="actions">
        {s === 'Requested' && has('sslApprove') && (
          <>
            <button type="button" className="primary" onClick={() => start('approve')}>
              Approve
            </button>
            <button type="button" onClick={() => start('decline')}>
              Decline
            </button>
          </>
        )}
        {(s === 'Issued' || s === 'Expired') && has('sslRenew') && (
          <button type="button" onClick={() => start('renew')}>
            Renew
          </button>
        )}
        {s === 'Issued' && has('sslRevoke') && (
          <button type="button" className="danger" onClick={() => start('revoke')}>
            Revoke
          </button>
        )}
        {live && (
          <button
            type="button"
            aria-pressed={autoRenewOn}
            onClick={() => void run(() => setAutoRenew(api, id, !autoRenewOn).then(() => undefined), `Auto-renewal turned ${autoRenewOn ? 'off' : 'on'}.`)}
            disabled={busy}
          >
            {autoRenewOn ? 'Turn auto-renewal off' : 'Turn auto-renewal on'}
          </button>
        )}
      </div>
      {!open && error && <p className="field-error" role="alert">{error.description}</p>}
      <ConfirmDialog
        open={open !== undefined}
        title={open ? titles[open][0] : ''}
        confirmLabel={open ? titles[open][1] : ''}
        danger={open === 'revoke' || open === 'decline'}
        busy={busy}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={() => setOpen(undefined)}
      >
        {open === 'renew' && <p>A new request with the same names, type and term is made; this certificate stays valid until it expires.</p>}
        {open === 'revoke' && (
          <>
            <p>Revocation cannot be undone. Browsers and servers will stop trusting this certificate.</p>
            <Field label="Reason" required>
              <select value={reasonCode} onChange={(e) => setReasonCode(Number(e.target.value))}>
                {kRevocationReasons.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.label}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
        {(open === 'approve' || open === 'decline' || open === 'revoke') && (
          <Field
            label={open === 'revoke' ? 'Explanation' : 'Message to the requester'}
            hint={open === 'approve' ? 'Optional.' : 'Up to 512 characters.'}
            required={open !== 'approve'}
          >
            <textarea rows={3} maxLength={512} value={message} onChange={(e) => setMessage(e.target.value)} />
          </Field>
        )}
      </ConfirmDialog>
    </section>
  );
}
