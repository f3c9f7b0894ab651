import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { Loading } from '../components/Loading';
import { Layout } from '../components/Layout';
import { useSession } from './SessionProvider';

/** The console's pages: only with a session whose password needs no change. */
export function RequireSession() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading label="Checking your session…" />;
  if (state.status === 'anonymous') {
    const from = state.signedOut ? undefined : { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={from} />;
  }
  const s = state.session;
  if (s.mustChangePassword || s.passwordExpired) return <Navigate to="/change-password" replace />;
  return (
    <Layout>
      <Outlet />
    </Layout>
  );
}
