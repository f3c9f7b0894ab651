// Self-enrollment, step 2: the request. The CSR (pasted or uploaded, read by the server so
// the requester sees the names first), a type and term the link offers, the server
// software, who asks and from which address, comments. The server decides; its refusal
// shows next to the submit button and the form keeps what was typed.

import { useCallback, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import type { ApiClient } from '../../api/client';
import { parseEnrollCsr, submitEnrollRequest, type EnrollReceipt, type EnrollSession } from '../../api/enroll';
import { ApiError } from '../../api/errors';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import { termLabel } from '../../lib/dates';
import { emailProblem, requestBody, settleChoices, type EnrollDraft } from '../../lib/enrollment';
import { requestedNames } from '../../lib/names';
import { CsrInput, type CsrCheck } from '../ssl/CsrInput';
import { NamesPreview } from '../ssl/NamesPreview';

// The server's words about a request name no field for sure ("name" may be a DNS name
// or the requester's), so they all go to the banner beside the button.
const kServerFields: string[] = [];

interface Props {
  api: ApiClient;
  token: string;
  session: EnrollSession;
  draft: EnrollDraft;
  /** The page's state setter: the draft outlives this form when the session ends. */
  onDraft: Dispatch<SetStateAction<EnrollDraft>>;
  onSubmitted(receipt: EnrollReceipt): void;
  /** A 401: the enrollment session is over. */
  onExpired(): void;
}

export function EnrollRequestForm({ api, token, session, draft, onDraft, onSubmitted, onExpired }: Props) {
  const errors = useFormErrors(kServerFields);
  const [check, setCheck] = useState<CsrCheck>({ state: 'empty' });
  const [busy, setBusy] = useState(false);
  const d = settleChoices(draft, session.sslTypes);
  const set = (key: keyof EnrollDraft) => (value: string) =>
    onDraft((prev) => ({ ...settleChoices(prev, session.sslTypes), [key]: value }));
  const type = session.sslTypes.find((t) => String(t.id) === d.typeId);
  const domains = session.allowedEmailDomains;

  const certType = Number(d.typeId);
  const parse = useCallback(
    async (csr: string) => {
      try {
        return await parseEnrollCsr(api, token, csr, certType);
      } catch (e) {
        if (e instanceof ApiError && e.isUnauthorized) onExpired();
        throw e;
      }
    },
    [api, token, certType, onExpired],
  );

  // Said when leaving the field, withdrawn while typing: clearing it on blur would move the
  // submit button away under a click that is on its way.
  const checkEmail = () => {
    const problem = d.email.trim() ? emailProblem(d.email, domains) : undefined;
    if (problem) errors.setField('email', problem);
  };
  const typeEmail = (value: string) => {
    if (errors.fields.email) errors.setField('email', '');
    set('email')(value);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    const problem = emailProblem(d.email, domains);
    if (problem) {
      errors.setField('email', problem);
      return;
    }
    setBusy(true);
    try {
      onSubmitted(await submitEnrollRequest(api, token, requestBody(d)));
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.isUnauthorized) onExpired();
      else errors.report(err);
    }
  };

  const names = check.state === 'ok' ? requestedNames(check.info.commonName, check.info.subjectAlternativeNames, []) : [];
  const csrUsable = check.state === 'ok' || check.state === 'unchecked';
  return (
    <form onSubmit={submit} className="form" aria-label="Certificate request">
      {session.sslTypes.length === 0 && (
        <Notice tone="warning">No certificate type is offered here at the moment; ask the administrators of {session.organization}.</Notice>
      )}
      <CsrInput value={d.csr} onChange={set('csr')} check={check} onCheck={setCheck} parse={parse} />
      <NamesPreview names={names} />
      <div className="two-columns">
        <Field label="Certificate type" hint={type?.description} required>
          <select value={d.typeId} onChange={(e) => set('typeId')(e.target.value)}>
            {session.sslTypes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Term" required>
          <select value={d.term} onChange={(e) => set('term')(e.target.value)}>
            {(type?.terms ?? []).map((days) => (
              <option key={days} value={days}>
                {termLabel(days)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {session.serverSoftware.length > 0 && (
        <Field label="Server software" hint="The software that will use the certificate." required>
          <select value={d.serverSoftware} onChange={(e) => set('serverSoftware')(e.target.value)}>
            <option value="">Choose…</option>
            {session.serverSoftware.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="Your name" required>
        <input name="name" autoComplete="name" maxLength={256} value={d.name} onChange={(e) => set('name')(e.target.value)} />
      </Field>
      <Field
        label="Your email"
        hint={
          domains.length
            ? `An address at ${domains.join(', ')} or a subdomain; the status link is sent there.`
            : 'The status link is sent there.'
        }
        error={errors.fields.email || undefined}
        required
      >
        <input
          name="email"
          type="email"
          autoComplete="email"
          maxLength={256}
          value={d.email}
          onChange={(e) => typeEmail(e.target.value)}
          onBlur={checkEmail}
        />
      </Field>
      <Field label="Comments" hint={`Optional; ${d.comments.length} of 1024 characters. The administrator who approves reads them.`}>
        <textarea rows={3} maxLength={1024} value={d.comments} onChange={(e) => set('comments')(e.target.value)} />
      </Field>
      <ErrorBanner error={errors.banner} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !csrUsable || !d.typeId || !d.term}>
          {busy ? 'Submitting…' : 'Submit request'}
        </button>
      </div>
      {!csrUsable && <p className="hint">The request can be submitted once the CSR has been read.</p>}
    </form>
  );
}
