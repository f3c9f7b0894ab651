// Sign in with the account (customerUri), login and password. A refusal shows the API's
// own words: a wrong password, "Account locked … until …", "Account suspended".

import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { PageTitle } from '../../components/PageTitle';
import { rememberedCustomer, useSession } from '../../session/SessionProvider';
import { toApiError } from '../../hooks/useApi';

export function LoginPage() {
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [customerUri, setCustomerUri] = useState(() => new URLSearchParams(location.search).get('customer') ?? rememberedCustomer());
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  if (state.status === 'signed-in' && !busy) return <Navigate to={from} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const s = await signIn({ customerUri: customerUri.trim(), login: login.trim(), password });
      setPassword('');
      navigate(s.mustChangePassword || s.passwordExpired ? '/change-password' : from, { replace: true });
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-page">
      <section className="card login-card" aria-label="Sign in">
        <PageTitle title="Sign in">Sign in to certkeep</PageTitle>
        {state.status === 'anonymous' && !error && <Notice tone={state.signedOut ? 'info' : 'warning'}>{state.notice}</Notice>}
        <ErrorBanner error={error} />
        <form onSubmit={submit} noValidate={false}>
          <Field label="Account" hint="The customer URI your service gave you, e.g. “demo”." required>
            <input
              name="customerUri"
              autoComplete="organization"
              value={customerUri}
              onChange={(e) => setCustomerUri(e.target.value)}
            />
          </Field>
          <Field label="Login" required>
            <input name="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} />
          </Field>
          <Field label="Password" required>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}
