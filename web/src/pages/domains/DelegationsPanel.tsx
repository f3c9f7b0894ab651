// A domain's delegations: approve or reject those requested (RAO/MRAO with
// approveDomainDelegation), remove one, or delegate to another place.

import { useState } from 'react';
import { decideDelegation, delegateDomain, removeDelegation, type DomainDetails } from '../../api/domains';
import type { ApiError } from '../../api/errors';
import { ErrorBanner } from '../../components/Banner';
import { StatusBadge } from '../../components/StatusBadge';
import { Table } from '../../components/Table';
import { toApiError } from '../../hooks/useApi';
import { delegationProblem, emptyDelegation, toDelegationRequests, type DelegationDraft } from '../../lib/delegations';
import { orgLabel, type OrgOption } from '../../lib/orgTree';
import { kDomainPrivileges } from '../../api/domains';
import { useApiClient, useMe } from '../../session/SessionProvider';
import { DelegationRow } from './DelegationRow';

interface Props {
  domain: DomainDetails;
  orgs: OrgOption[];
  onChanged(notice: string): void;
}

const privilegeWords = (names: string[]) =>
  names.map((n) => kDomainPrivileges.find((p) => p.name === n)?.label ?? n).join('; ');

export function DelegationsPanel({ domain, orgs, onChanged }: Props) {
  const api = useApiClient();
  const me = useMe();
  const canDecide = me.privileges.includes('approveDomainDelegation');
  const canManage = me.privileges.includes('allowManageDomains');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [draft, setDraft] = useState<DelegationDraft>();
  const wildcard = domain.name.startsWith('*.');

  const run = async (work: () => Promise<void>, notice: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setDraft(undefined);
      onChanged(notice);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const problem = draft ? delegationProblem([draft], 0, wildcard) : undefined;

  return (
    <section className="card" aria-labelledby="delegations-title">
      <h2 id="delegations-title">Delegations</h2>
      <ErrorBanner error={error} />
      <Table
        caption={`Who may request certificates for ${domain.name}`}
        rows={domain.delegations}
        rowKey={(d) => d.orgId}
        empty="Not delegated to anyone yet."
        columns={[
          { key: 'org', header: 'Organization or department', render: (d) => orgLabel(orgs, d.orgId) },
          { key: 'types', header: 'Types', render: (d) => d.certTypes.join(', ') },
          { key: 'names', header: 'Names', render: (d) => privilegeWords(d.domainCertificateRequestPrivileges) },
          { key: 'status', header: 'Status', render: (d) => <StatusBadge status={d.status} /> },
          {
            key: 'do',
            header: 'Actions',
            render: (d) => (
              <div className="actions">
                {d.status === 'REQUESTED' && canDecide && (
                  <>
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      onClick={() => void run(() => decideDelegation(api, domain.id, d.orgId, true), `Delegation to ${orgLabel(orgs, d.orgId)} approved.`)}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void run(() => decideDelegation(api, domain.id, d.orgId, false), `Delegation to ${orgLabel(orgs, d.orgId)} rejected.`)}
                    >
                      Reject
                    </button>
                  </>
                )}
                {canManage && (
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={`Remove the delegation to ${orgLabel(orgs, d.orgId)}`}
                    onClick={() => void run(() => removeDelegation(api, domain.id, d.orgId), `Delegation to ${orgLabel(orgs, d.orgId)} removed.`)}
                  >
                    Remove
                  </button>
                )}
              </div>
            ),
          },
        ]}
      />
      {canManage && !draft && (
        <button type="button" onClick={() => setDraft(emptyDelegation())}>
          Delegate to another organization or department
        </button>
      )}
      {draft && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) void run(() => delegateDomain(api, domain.id, toDelegationRequests([draft])[0]), 'Delegation added.');
          }}
        >
          <DelegationRow index={domain.delegations.length} value={draft} orgs={orgs} problem={problem} onChange={setDraft} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
              Add delegation
            </button>
            <button type="button" onClick={() => setDraft(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
