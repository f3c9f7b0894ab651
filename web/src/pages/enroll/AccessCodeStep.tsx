// Self-enrollment, step 1: the access code the organization handed out opens a short
// enrollment session. A wrong code, too many attempts and an invalid link each get their
// own words (lib/enrollSteps.ts); nothing says whether the link itself is known.

import { useEffect, useState, type FormEvent } from 'react';
import type { ApiClient } from '../../api/client';
import { openEnrollSession } from '../../api/enroll';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { toApiError } from '../../hooks/useApi';
import type { EnrollEvent, Refusal } from '../../lib/enrollSteps';

interface Props {
  api: ApiClient;
  token: string;
  refusal?: Refusal;
  notice?: string;
  onEvent(event: EnrollEvent): void;
}

export function AccessCodeStep({ api, token, refusal, notice, onEvent }: Props) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);

  // After a 429, the button rests for as long as Retry-After asked.
  useEffect(() => {
    const seconds = refusal?.retryAfterSeconds;
    if (!seconds) return;
    setWaiting(true);
    const timer = setTimeout(() => setWaiting(false), seconds * 1000);
    return () => clearTimeout(timer);
  }, [refusal]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onEvent({ type: 'opened', session: await openEnrollSession(api, token, code.trim()) });
    } catch (err) {
      setCode('');
      setBusy(false);
      onEvent({ type: 'refused', error: toApiError(err) });
    }
  };

  return (
    <section className="card login-card" aria-labelledby="access-code-title">
      <h2 id="access-code-title">Enter the access code</h2>
      <p>The organization that gave you this link also gave you an access code. It lets you request a certificate here.</p>
      {!refusal && <Notice tone="warning">{notice}</Notice>}
      {!busy && refusal && <ErrorBanner>{refusal.message}</ErrorBanner>}
      <form onSubmit={submit}>
        <Field label="Access code" required>
          <input type="password" name="accessCode" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || waiting || !code.trim()}>
            {busy ? 'Checking…' : 'Continue'}
          </button>
        </div>
      </form>
    </section>
  );
}
