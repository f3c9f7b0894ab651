// Settings → an organization or department → Self-enrollment: whether people without an
// admin account may request SSL certificates for it at the enrollment link, which types,
// which server software they pick from, which email domains they must write from, and
// whether an admin approves each request (the access code is AccessCodePanel's).

import { useState, type FormEvent } from 'react';
import { getSelfEnrollment, updateSelfEnrollment, type SelfEnrollment } from '../../api/selfEnrollment';
import { listSslTypes, type SslType } from '../../api/ssl';
import type { ApiError } from '../../api/errors';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Checkbox, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { useFormErrors } from '../../components/useFormErrors';
import { useApi } from '../../hooks/useApi';
import { badDomains, splitDomains, splitLines } from '../../lib/enrollment';
import { useApiClient, useHasPrivilege } from '../../session/SessionProvider';
import { AccessCodePanel } from './AccessCodePanel';

const kFields = ['enabled', 'autoApprove', 'serverSoftware', 'sslTypes', 'allowedEmailDomains'];

export const kAutoApproveWarning =
  'Requests will be issued without an admin confirming the requester; the seed advice is to leave this off.';

/** The panel of an existing organization or department (`what` names which, for the texts). */
export function SelfEnrollmentPanel({ orgId, what }: { orgId: number; what: string }) {
  const settings = useApi((a) => getSelfEnrollment(a, orgId), [orgId]);
  const types = useApi((a) => listSslTypes(a), []);
  return (
    <section className="card self-enrollment" aria-labelledby="self-enrollment-title">
      <h2 id="self-enrollment-title">Self-enrollment</h2>
      <p className="lede">
        People without an admin account can request SSL certificates for this {what} at its enrollment link, with the
        access code you give them. An admin of this {what} then confirms who they are and approves the request.
      </p>
      {(settings.loading && !settings.data) || (types.loading && !types.data && !types.error) ? (
        <Loading label="Loading the self-enrollment settings…" />
      ) : !settings.data ? (
        <ErrorBanner error={settings.error} />
      ) : (
        <>
          <SettingsForm orgId={orgId} what={what} initial={settings.data} types={types.data ?? []} typesError={types.error} onSaved={settings.setData} />
          <AccessCodePanel orgId={orgId} settings={settings.data} onChange={settings.setData} />
        </>
      )}
    </section>
  );
}

interface FormProps {
  orgId: number;
  what: string;
  initial: SelfEnrollment;
  types: SslType[];
  typesError?: ApiError;
  onSaved(settings: SelfEnrollment): void;
}

function SettingsForm({ orgId, what, initial, types, typesError, onSaved }: FormProps) {
  const api = useApiClient();
  // Only an admin holding auto-approval itself may switch it for the form (either way).
  const mayAutoApprove = useHasPrivilege('autoApproveCertificates');
  const errors = useFormErrors(kFields);
  const [enabled, setEnabled] = useState(initial.enabled);
  const [autoApprove, setAutoApprove] = useState(initial.autoApprove);
  const [software, setSoftware] = useState(initial.serverSoftware.join('\n'));
  const [offered, setOffered] = useState<number[]>(initial.sslTypes);
  const [domains, setDomains] = useState(initial.allowedEmailDomains.join('\n'));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');

  // In the order of the types list, whatever order they were ticked in.
  const toggle = (id: number, on: boolean) =>
    setOffered(on ? types.map((t) => t.id).filter((t) => t === id || offered.includes(t)) : offered.filter((t) => t !== id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    setSaved('');
    const allowedEmailDomains = splitDomains(domains);
    const bad = badDomains(allowedEmailDomains);
    if (bad.length) {
      errors.setField('allowedEmailDomains', `Not a domain name: ${bad.join(', ')}`);
      return;
    }
    setBusy(true);
    try {
      const next = await updateSelfEnrollment(api, orgId, {
        enabled,
        autoApprove,
        serverSoftware: splitLines(software),
        sslTypes: offered,
        allowedEmailDomains,
      });
      setSoftware(next.serverSoftware.join('\n'));
      setDomains(next.allowedEmailDomains.join('\n'));
      setOffered(next.sslTypes);
      onSaved(next);
      setSaved('Self-enrollment saved.');
    } catch (err) {
      errors.report(err);
    } finally {
      setBusy(false);
    }
  };

  // Types the server offers that GET /types no longer lists still count: show them by id.
  const unknown = offered.filter((id) => !types.some((t) => t.id === id));
  return (
    <form className="form" onSubmit={submit} aria-label="Self-enrollment settings">
      <Notice tone="success">{saved}</Notice>
      <ErrorBanner error={errors.banner ?? typesError} />
      <Checkbox
        label="Allow self-enrollment"
        hint={`Anyone with the enrollment link and the access code may request SSL certificates for this ${what}.`}
        checked={enabled}
        onChange={setEnabled}
      />
      <Checkbox
        label="Approve requests automatically"
        hint={
          mayAutoApprove
            ? `Off: each request waits for an admin of this ${what} to approve it.`
            : 'Only an admin who may auto-approve certificates itself can change this.'
        }
        checked={autoApprove}
        disabled={!mayAutoApprove}
        onChange={setAutoApprove}
      />
      {autoApprove && <Notice tone="warning">{kAutoApproveWarning}</Notice>}
      <fieldset className={errors.fields.sslTypes ? 'has-error' : undefined}>
        <legend>SSL certificate types offered</legend>
        {types.length === 0 && unknown.length === 0 && <p className="empty">No SSL certificate type is defined.</p>}
        <div className="checks">
          {types.map((t) => (
            <Checkbox key={t.id} label={t.name} hint={t.description} checked={offered.includes(t.id)} onChange={(on) => toggle(t.id, on)} />
          ))}
          {unknown.map((id) => (
            <Checkbox key={id} label={`Type #${id}`} checked onChange={(on) => toggle(id, on)} />
          ))}
        </div>
        {offered.length === 0 && types.length > 0 && (
          <p className="hint">None is offered: nobody can request a certificate at the link until you tick one.</p>
        )}
        {errors.fields.sslTypes && <p className="field-error">{errors.fields.sslTypes}</p>}
      </fieldset>
      <Field
        label="Server software"
        hint="One per line, e.g. Apache, nginx, Microsoft IIS; the requester picks the one the certificate is for."
        error={errors.fields.serverSoftware}
      >
        <textarea rows={4} value={software} onChange={(e) => setSoftware(e.target.value)} />
      </Field>
      <Field
        label="Allowed email domains"
        hint="One per line, e.g. uni.example. The requester's address must be at one of them or at a subdomain of one; leave empty to accept any address."
        error={errors.fields.allowedEmailDomains}
      >
        <textarea rows={3} value={domains} onChange={(e) => setDomains(e.target.value)} spellCheck={false} />
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save self-enrollment'}
        </button>
      </div>
    </form>
  );
}
