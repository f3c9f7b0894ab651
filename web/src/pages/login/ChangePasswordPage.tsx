// The password change the API demands at first login (-976) or after expiry (-977);
// every other call is refused until it is done.

import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { changeOwnPassword } from '../../api/session';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormErrors } from '../../components/useFormErrors';
import { useSession } from '../../session/SessionProvider';

export const kMinPasswordLength = 12;

export function ChangePasswordPage() {
  const { state, api, refresh, signOut } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors(['newPassword']);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') return <Navigate to="/login" replace />;
  const s = state.session;
  const forced = s.mustChangePassword || s.passwordExpired;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    if (password.length < kMinPasswordLength) {
      errors.setField('newPassword', `At least ${kMinPasswordLength} characters.`);
      return;
    }
    if (password !== repeat) {
      errors.setField('repeat', 'The two passwords differ.');
      return;
    }
    setBusy(true);
    try {
      await changeOwnPassword(api, password);
      await refresh();
      navigate('/', { replace: true });
    } catch (err) {
      errors.report(err);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-page">
      <section className="card login-card" aria-label="Change password">
        <PageTitle title="Change password">Choose a new password</PageTitle>
        {forced && (
          <Notice tone="warning">
            {s.passwordExpired ? 'Your password has expired.' : 'This is your first sign-in with a one-time password.'} Choose a
            password of your own to continue.
          </Notice>
        )}
        <ErrorBanner error={errors.banner} />
        <form onSubmit={submit}>
          <input type="text" name="username" autoComplete="username" value={s.login} readOnly hidden />
          <Field
            label="New password"
            hint={`At least ${kMinPasswordLength} characters, not your login, not a common password. A passphrase of a few words works well.`}
            error={errors.fields.newPassword}
            required
          >
            <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <Field label="Repeat the new password" error={errors.fields.repeat} required>
            <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Change password'}
            </button>
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </form>
      </section>
    </main>
  );
}
