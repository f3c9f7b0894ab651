// Domain control validation of one domain: its state and expiry, and starting a new
// validation by each method with the exact record, file or addresses to use.

import { useState } from 'react';
import {
  dcvStatus,
  kDcvMethods,
  startDcv,
  startEmailDcv,
  submitDcv,
  syncDcv,
  type DcvMethod,
  type DcvStatus,
  type EmailChoices,
  type StartAnswer,
} from '../../api/dcv';
import type { ApiError } from '../../api/errors';
import { ErrorBanner, Notice } from '../../components/Banner';
import { DetailList } from '../../components/DetailList';
import { StatusBadge } from '../../components/StatusBadge';
import { toApiError, useApi } from '../../hooks/useApi';
import { formatApiDate } from '../../lib/dates';
import { evidenceOf, kMethodLabels, methodOfMode, validationMethodLabel } from '../../lib/evidence';
import { useApiClient, useMe } from '../../session/SessionProvider';
import { EvidenceView } from './EvidenceView';

export function DcvPanel({ domain, onValidated }: { domain: string; onValidated(): void }) {
  const api = useApiClient();
  const canValidate = useMe().privileges.includes('allowDCV');
  const status = useApi((a) => dcvStatus(a, domain), [domain]);
  const [method, setMethod] = useState<DcvMethod>('txt');
  const [started, setStarted] = useState<{ method: DcvMethod; answer?: StartAnswer; emails?: EmailChoices }>();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await work();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const start = () =>
    run(async () => {
      if (method === 'email') {
        const emails = await startEmailDcv(api, domain);
        setEmail(emails.emails[0] ?? '');
        setStarted({ method, emails });
      } else {
        setStarted({ method, answer: await startDcv(api, domain, method) });
      }
    });
  const answered = (s: DcvStatus) => {
    status.setData(s);
    if (s.status === 'VALIDATED') {
      setStarted(undefined);
      setNotice(`${domain} is validated.`);
      onValidated();
    } else {
      setNotice(
        `Submitted. The evidence was not found yet${s.failureReason ? ` (${s.failureReason})` : ''}; certkeep checks again by itself, or press “Check now” once it is published.`,
      );
    }
  };
  const submit = (m: DcvMethod) => run(async () => answered(await submitDcv(api, domain, m, m === 'email' ? email : undefined)));
  const sync = () => run(async () => answered(await syncDcv(api, domain)));

  const s = status.data;
  const pendingMethod = s && s.orderStatus === 'SUBMITTED' ? methodOfMode(s.orderMode) : undefined;
  const pendingEvidence = pendingMethod && s ? evidenceOf(pendingMethod, s) : undefined;
  const startedEvidence = started?.answer ? evidenceOf(started.method, started.answer) : undefined;

  return (
    <section className="card" aria-labelledby="dcv-title">
      <h2 id="dcv-title">Domain control validation</h2>
      <ErrorBanner error={status.error ?? error} />
      <Notice tone={s?.status === 'VALIDATED' ? 'success' : 'info'}>{notice}</Notice>
      {s && (
        <DetailList
          label="Validation"
          items={[
            ['Status', <StatusBadge key="s" status={s.status} />],
            ['Validated on', formatApiDate(s.validationDate)],
            ['Expires', formatApiDate(s.expirationDate)],
            ['Method', validationMethodLabel(s.validationMethod)],
            ['Covers', s.covers ?? ''],
            ['Validation in progress', s.orderStatus === 'SUBMITTED' ? `${s.orderMode ?? ''}, submitted ${formatApiDate(s.submittedDate)}` : 'None'],
            ['Last check', formatApiDate(s.lastCheck)],
            ['Next check', formatApiDate(s.nextCheck)],
            ['Last check found', s.failureReason ?? ''],
          ]}
        />
      )}
      {pendingEvidence && !started && (
        <>
          <EvidenceView evidence={pendingEvidence} />
          <button type="button" className="primary" disabled={busy} onClick={() => void sync()}>
            Check now
          </button>
        </>
      )}
      {s?.orderStatus === 'SUBMITTED' && pendingMethod === 'email' && !started && (
        <p>An email was sent to {s.validationEmail}; the validation completes when its link is confirmed.</p>
      )}
      {canValidate ? (
        <fieldset>
          <legend>{s?.status === 'VALIDATED' ? 'Validate again' : 'Validate this domain'}</legend>
          <div role="radiogroup" aria-label="Validation method">
            {kDcvMethods.map((m) => (
              <div className="checkbox" key={m}>
                <input
                  type="radio"
                  id={`dcv-method-${m}`}
                  name="dcv-method"
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                />
                <label htmlFor={`dcv-method-${m}`}>{kMethodLabels[m]}</label>
              </div>
            ))}
          </div>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void start()}>
              Start validation by {kMethodLabels[method]}
            </button>
          </div>
          {startedEvidence && started && (
            <>
              <EvidenceView evidence={startedEvidence} />
              <button type="button" className="primary" disabled={busy} onClick={() => void submit(started.method)}>
                {busy ? 'Checking…' : 'Check now'}
              </button>
            </>
          )}
          {started?.emails && (
            <EmailChoice choices={started.emails} value={email} onChange={setEmail} busy={busy} onSend={() => void submit('email')} />
          )}
        </fieldset>
      ) : (
        <p className="hint">Validating needs the allowDCV privilege.</p>
      )}
    </section>
  );
}

interface EmailChoiceProps {
  choices: EmailChoices;
  value: string;
  busy: boolean;
  onChange(v: string): void;
  onSend(): void;
}

function EmailChoice({ choices, value, busy, onChange, onSend }: EmailChoiceProps) {
  if (choices.emails.length === 0) return <p>No address can receive a validation email for this domain.</p>;
  return (
    <div className="evidence">
      <p>
        <strong>Choose the address that gets the validation email; its recipient confirms by the link in it.</strong>
      </p>
      {choices.emails.map((e) => (
        <div className="checkbox" key={e}>
          <input type="radio" id={`dcv-email-${e}`} name="dcv-email" value={e} checked={value === e} onChange={() => onChange(e)} />
          <label htmlFor={`dcv-email-${e}`}>
            <code>{e}</code>
          </label>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="primary" disabled={busy || !value} onClick={onSend}>
          Send the validation email
        </button>
      </div>
    </div>
  );
}
