// Settings → Organizations: each organization with its departments.

import { Link } from 'react-router-dom';
import { listOrganizations, type OrgBrief } from '../../api/organizations';
import { ErrorBanner } from '../../components/Banner';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useApi } from '../../hooks/useApi';
import { useMe } from '../../session/SessionProvider';

export function OrganizationListPage() {
  const me = useMe();
  const orgs = useApi((api) => listOrganizations(api), []);
  const canAddOrg = me.privileges.includes('addOrganizationAndDepartments');
  const canAddDept = canAddOrg || me.privileges.includes('addDepartments');
  return (
    <>
      <PageTitle
        title="Organizations"
        actions={
          canAddOrg && (
            <Link className="button primary" to="/settings/organizations/new">
              Add an organization
            </Link>
          )
        }
      >
        Organizations and departments
      </PageTitle>
      <p className="lede">
        Certificates and domains belong to an organization or one of its departments. The Web API switches decide whether
        certificates of each kind may be requested over the REST API with SCM's header login.
      </p>
      <ErrorBanner error={orgs.error} />
      {orgs.loading && !orgs.data && <Loading />}
      {orgs.data?.length === 0 && <p className="empty">No organization in your scope.</p>}
      {orgs.data?.map((o) => <OrgCard key={o.id} org={o} canAddDept={canAddDept} />)}
    </>
  );
}

function OrgCard({ org, canAddDept }: { org: OrgBrief; canAddDept: boolean }) {
  const departments = org.departments ?? [];
  return (
    <section className="card" aria-labelledby={`org-${org.id}`}>
      <div className="page-title">
        <h2 id={`org-${org.id}`}>
          <Link to={`/settings/organizations/${org.id}`}>{org.name}</Link>
        </h2>
        {canAddDept && (
          <div className="page-actions">
            <Link className="button" to={`/settings/organizations/new?parent=${org.id}`}>
              Add a department to {org.name}
            </Link>
          </div>
        )}
      </div>
      {departments.length === 0 ? (
        <p className="empty">No departments.</p>
      ) : (
        <ul aria-label={`Departments of ${org.name}`}>
          {departments.map((d) => (
            <li key={d.id}>
              <Link to={`/settings/organizations/${d.id}`}>{d.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
