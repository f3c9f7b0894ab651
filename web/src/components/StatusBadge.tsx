// A status word in a coloured pill; the word is always there, so colour is never the
// only sign.

const kTones: Record<string, 'ok' | 'pending' | 'bad' | 'muted'> = {
  // SSL (scm-api.md §3.1)
  Issued: 'ok',
  Requested: 'pending',
  Approved: 'pending',
  Applied: 'pending',
  Declined: 'bad',
  Rejected: 'bad',
  Invalid: 'bad',
  Revoked: 'bad',
  Expired: 'muted',
  Replaced: 'muted',
  // Domains, delegations, DCV, admins
  ACTIVE: 'ok',
  REQUESTED: 'pending',
  SUSPENDED: 'muted',
  VALIDATED: 'ok',
  NOT_VALIDATED: 'pending',
  EXPIRED: 'bad',
  SUBMITTED: 'pending',
  NOT_INITIATED: 'muted',
  LOCKED: 'bad',
  // Notification rules and the outbox
  INACTIVE: 'muted',
  PENDING: 'pending',
  SENT: 'ok',
  FAILED: 'bad',
};

const kWords: Record<string, string> = {
  NOT_VALIDATED: 'Not validated',
  VALIDATED: 'Validated',
  EXPIRED: 'Expired',
  ACTIVE: 'Active',
  REQUESTED: 'Requested',
  SUSPENDED: 'Suspended',
  SUBMITTED: 'Submitted',
  NOT_INITIATED: 'Not started',
  LOCKED: 'Locked',
  INACTIVE: 'Inactive',
  PENDING: 'Pending',
  SENT: 'Sent',
  FAILED: 'Failed',
};

export function StatusBadge({ status }: { status: string | undefined }) {
  if (!status) return <span className="badge badge-muted">…</span>;
  const tone = kTones[status] ?? 'muted';
  return <span className={`badge badge-${tone}`}>{kWords[status] ?? status}</span>;
}
