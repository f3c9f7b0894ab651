// The console's routes. certkeep serves index.html for every path that is neither /api
// nor a file under /assets, so each of these can be reloaded or linked to.
//
// Two kinds of page: /enroll/… for people without an admin account, in a frame of their
// own and outside the admin session (not even GET /api/session/v1 is called there), and
// the console, whose pages share one SessionProvider.

import { Link, Outlet, Route, Routes } from 'react-router-dom';
import { PageTitle } from './components/PageTitle';
import { AdminEditPage } from './pages/admins/AdminEditPage';
import { AdminListPage } from './pages/admins/AdminListPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { DomainCreatePage } from './pages/domains/DomainCreatePage';
import { DomainDetailsPage } from './pages/domains/DomainDetailsPage';
import { DomainListPage } from './pages/domains/DomainListPage';
import { EnrollPage } from './pages/enroll/EnrollPage';
import { EnrollStatusPage } from './pages/enroll/EnrollStatusPage';
import { InvalidEnrollLink, PublicFrame } from './pages/enroll/PublicFrame';
import { ChangePasswordPage } from './pages/login/ChangePasswordPage';
import { LoginPage } from './pages/login/LoginPage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { NotificationEditPage } from './pages/settings/NotificationEditPage';
import { NotificationListPage } from './pages/settings/NotificationListPage';
import { NotificationOutboxPage } from './pages/settings/NotificationOutboxPage';
import { NotificationTemplatesPage } from './pages/settings/NotificationTemplatesPage';
import { OrganizationEditPage } from './pages/settings/OrganizationEditPage';
import { OrganizationListPage } from './pages/settings/OrganizationListPage';
import { SslDetailsPage } from './pages/ssl/SslDetailsPage';
import { SslListPage } from './pages/ssl/SslListPage';
import { SslRequestPage } from './pages/ssl/SslRequestPage';
import { RequireSession } from './session/RequireSession';
import { SessionProvider } from './session/SessionProvider';

export function App() {
  return (
    <Routes>
      <Route path="enroll" element={<PublicFrame />}>
        <Route path="status/:statusToken" element={<EnrollStatusPage />} />
        <Route path="status" element={<InvalidEnrollLink />} />
        <Route path=":token" element={<EnrollPage />} />
        <Route index element={<InvalidEnrollLink />} />
        <Route path="*" element={<InvalidEnrollLink />} />
      </Route>
      <Route element={<ConsoleSession />}>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/change-password" element={<ChangePasswordPage />} />
        <Route element={<RequireSession />}>
          <Route index element={<DashboardPage />} />
          <Route path="certificates/ssl" element={<SslListPage />} />
          <Route path="certificates/ssl/new" element={<SslRequestPage />} />
          <Route path="certificates/ssl/:id" element={<SslDetailsPage />} />
          <Route path="reports" element={<ReportsPage />} />
          <Route path="domains" element={<DomainListPage />} />
          <Route path="domains/new" element={<DomainCreatePage />} />
          <Route path="domains/:id" element={<DomainDetailsPage />} />
          <Route path="admins" element={<AdminListPage />} />
          <Route path="admins/new" element={<AdminEditPage />} />
          <Route path="admins/:id" element={<AdminEditPage />} />
          <Route path="settings/organizations" element={<OrganizationListPage />} />
          <Route path="settings/organizations/new" element={<OrganizationEditPage />} />
          <Route path="settings/organizations/:id" element={<OrganizationEditPage />} />
          <Route path="settings/notifications" element={<NotificationListPage />} />
          <Route path="settings/notifications/new" element={<NotificationEditPage />} />
          <Route path="settings/notifications/templates" element={<NotificationTemplatesPage />} />
          <Route path="settings/notifications/outbox" element={<NotificationOutboxPage />} />
          <Route path="settings/notifications/:id" element={<NotificationEditPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Route>
    </Routes>
  );
}

/** The console's pages, with the admin session (checked once, kept while moving between them). */
function ConsoleSession() {
  return (
    <SessionProvider>
      <Outlet />
    </SessionProvider>
  );
}

function NotFound() {
  return (
    <>
      <PageTitle title="Not found">Page not found</PageTitle>
      <p>
        There is no page at this address. Go to the <Link to="/">dashboard</Link>.
      </p>
    </>
  );
}
