import { listOrganizations } from '../api/organizations';
import { flattenOrgs, type OrgOption } from '../lib/orgTree';
import { useApi } from './useApi';

/** The organizations and departments in the signed-in admin's scope, for selects. */
export function useOrgOptions(): { options: OrgOption[]; loading: boolean } {
  const orgs = useApi((api) => listOrganizations(api), []);
  return { options: orgs.data ? flattenOrgs(orgs.data) : [], loading: orgs.loading };
}
