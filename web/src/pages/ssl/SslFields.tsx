// Every field of GET /api/ssl/v1/{id}: the known ones in words, in a sensible order,
// then whatever else the server sends, so nothing it says is hidden.

import type { ReactNode } from 'react';
import { kRevocationReasons, type SslDetails } from '../../api/ssl';
import { DetailList } from '../../components/DetailList';
import { StatusBadge } from '../../components/StatusBadge';
import { daysUntil, formatApiDate, parseApiDate, relativeDays, termLabel } from '../../lib/dates';
import { orgLabel, type OrgOption } from '../../lib/orgTree';

const date = (v: unknown) => formatApiDate(typeof v === 'string' ? v : undefined);

/** [field, label, how to show it]; fields absent from the answer are skipped. */
const kKnown: [string, string, (d: SslDetails, orgs: OrgOption[]) => ReactNode][] = [
  ['id', 'ID', (d) => d.id],
  ['commonName', 'Common name', (d) => <code>{d.commonName}</code>],
  ['subjectAlternativeNames', 'Names (SANs)', (d) => d.subjectAlternativeNames.join(', ')],
  ['status', 'Status', (d) => <StatusBadge status={d.status} />],
  ['message', 'Last message', (d) => d.message],
  ['orgId', 'Organization or department', (d, orgs) => orgLabel(orgs, d.orgId)],
  ['certType', 'Certificate type', (d) => d.certType?.name],
  ['term', 'Term', (d) => termLabel(d.term)],
  ['keyType', 'Key', (d) => d.keyType],
  ['serialNumber', 'Serial number', (d) => <code className="serial">{d.serialNumber}</code>],
  ['requested', 'Requested', (d) => date(d.requested)],
  ['approved', 'Approved', (d) => date(d.approved)],
  ['declined', 'Declined', (d) => date(d.declined)],
  ['issued', 'Issued', (d) => date(d.issued)],
  [
    'expires',
    'Expires',
    (d) => {
      const e = parseApiDate(d.expires);
      return e ? `${date(d.expires)} (${relativeDays(daysUntil(e, new Date()))})` : '';
    },
  ],
  ['revoked', 'Revoked', (d) => date(d.revoked)],
  ['reasonCode', 'Revocation reason', (d) => kRevocationReasons.find((r) => r.code === d.reasonCode)?.label ?? d.reasonCode],
  ['requester', 'Requester', (d) => d.requester],
  ['owner', 'Owner', (d) => d.owner],
  ['requestedVia', 'Requested via', (d) => d.requestedVia],
  ['externalRequester', 'External requester', (d) => d.externalRequester],
  ['comments', 'Comments', (d) => d.comments],
  [
    'autoRenewDetails',
    'Auto-renewal',
    (d) => `${d.autoRenewDetails.state} (${d.autoRenewDetails.daysBeforeExpiration} days before expiry)`,
  ],
  ['renewed', 'Renewal of an earlier certificate', (d) => (d.renewed ? `Yes${d.renewedFrom ? ` (of #${d.renewedFrom})` : ''}` : 'No')],
  ['customFields', 'Custom fields', (d) => d.customFields.map((f) => `${f.name}: ${f.value}`).join('; ')],
  ['orderNumber', 'Order number', (d) => d.orderNumber],
  ['backendCertId', 'Backend ID', (d) => d.backendCertId],
  ['vendor', 'Vendor', (d) => d.vendor],
  ['suspendNotifications', 'Notifications suspended', (d) => (d.suspendNotifications ? 'Yes' : 'No')],
];

/** Shown already, or twins of shown fields. */
const kSkip = new Set(['sslId', 'keyAlgorithm', 'keySize', 'ownerId', 'requesterId', 'renewedFrom']);

export function SslFields({ details, orgs }: { details: SslDetails; orgs: OrgOption[] }) {
  const known = new Set(kKnown.map(([k]) => k));
  const items: [string, ReactNode][] = kKnown
    .filter(([k]) => details[k] !== undefined && details[k] !== null)
    .map(([, label, show]) => [label, show(details, orgs)]);
  for (const [k, v] of Object.entries(details)) {
    if (known.has(k) || kSkip.has(k) || v === undefined || v === null) continue;
    items.push([k, typeof v === 'object' ? <code>{JSON.stringify(v)}</code> : String(v)]);
  }
  return <DetailList items={items} label="Certificate details" />;
}
