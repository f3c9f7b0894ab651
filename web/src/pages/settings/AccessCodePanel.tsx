// The enrollment link and its access code, under Self-enrollment: the link to hand out,
// and a new code — made by the server or chosen by the admin — shown this once, since
// the server keeps only what verifies it. A new code ends the old one.

import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/errors';
import { kMinAccessCodeLength, setAccessCode, type SelfEnrollment } from '../../api/selfEnrollment';
import { ErrorBanner } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyValue } from '../../components/CopyValue';
import { DetailList } from '../../components/DetailList';
import { Field } from '../../components/Field';
import { toApiError } from '../../hooks/useApi';
import { formatApiDate } from '../../lib/dates';
import { useApiClient } from '../../session/SessionProvider';

const kModes: Record<string, string> = {
  ACCESS_CODE: 'Access code',
  SAML: 'Sign-in at the organization’s identity provider (SAML)',
};

interface Props {
  orgId: number;
  settings: SelfEnrollment;
  onChange(settings: SelfEnrollment): void;
}

export function AccessCodePanel({ orgId, settings, onChange }: Props) {
  const api = useApiClient();
  const [chosen, setChosen] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState('');

  const replace = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await setAccessCode(api, orgId, chosen.trim() || undefined);
      setShown(r.accessCode);
      setChosen('');
      setConfirming(false);
      onChange(r.settings);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFieldError('');
    setShown('');
    const code = chosen.trim();
    if (code && code.length < kMinAccessCodeLength) {
      setFieldError(`At least ${kMinAccessCodeLength} characters; this one has ${code.length}.`);
      return;
    }
    if (settings.accessCodeSet) setConfirming(true);
    else void replace();
  };

  const usable = settings.enabled && settings.accessCodeSet;
  return (
    <div className="access-code">
      <h3>Enrollment link and access code</h3>
      <DetailList
        label="Access"
        items={[
          ['Access mode', kModes[settings.accessMode] ?? settings.accessMode],
          ['Access code', settings.accessCodeSet ? `Set${settings.accessCodeSetAt ? ` ${formatApiDate(settings.accessCodeSetAt)}` : ''}` : 'Not set'],
          ['Enrollment link', <CopyValue key="url" value={settings.enrollmentUrl} label="Enrollment URL" />],
        ]}
      />
      {!usable && (
        <p className="hint">
          The link works once self-enrollment is allowed and saved{settings.accessCodeSet ? '' : ' and an access code is set'}.
        </p>
      )}
      {shown && (
        <section className="one-time-secret" role="status" aria-label="New access code">
          <h4>The new access code</h4>
          <CopyValue value={shown} label="Access code" />
          <p>
            Copy it now and give it to the requesters with the link: it is shown only this once and cannot be read again. The
            previous code no longer works.
          </p>
        </section>
      )}
      {settings.accessMode === 'ACCESS_CODE' && (
        <form className="form" onSubmit={submit} aria-label="Set a new access code">
          <ErrorBanner error={confirming ? undefined : error} />
          <Field
            label="Choose the code yourself (optional)"
            hint={`At least ${kMinAccessCodeLength} characters. Leave empty and certkeep makes a strong one.`}
            error={fieldError || undefined}
          >
            <input value={chosen} onChange={(e) => setChosen(e.target.value)} autoComplete="off" spellCheck={false} />
          </Field>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Setting…' : 'Set a new access code'}
            </button>
          </div>
        </form>
      )}
      <ConfirmDialog
        open={confirming}
        title="Replace the access code?"
        confirmLabel="Replace the code"
        danger
        busy={busy}
        error={error}
        onConfirm={() => void replace()}
        onCancel={() => {
          setConfirming(false);
          setError(undefined);
        }}
      >
        <p>The current code stops working at once. Give the new one to everyone who should still be able to request.</p>
      </ConfirmDialog>
    </div>
  );
}
