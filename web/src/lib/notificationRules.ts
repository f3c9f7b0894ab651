// The notification rule form: which settings each rule type takes, the form's draft of a
// rule and the API body made from it (settings a type does not take are left out), the
// fixed addresses typed one per line, and the short words the list shows.

import type {
  AdditionalData,
  NotificationFreq,
  NotificationRule,
  NotificationRuleBody,
  NotifyRole,
  SelectedOrgType,
} from '../api/notifications';
import { orgLabel, type OrgOption } from './orgTree';

// The types taking additionalData.days (and freq): how long before the date to notify.
const kDaysTypes: ReadonlySet<string> = new Set(['SSL Expiration', 'Domain Validation Expiration']);

/** additionalData.days, 1..365: the expiration types. */
export const usesDays = (type: string) => kDaysTypes.has(type);
/** additionalData.freq: the expiration types. */
export const usesFreq = (type: string) => kDaysTypes.has(type);
/** additionalData.certTypeId (one SSL type, or any): every "SSL …" type. */
export const usesCertType = (type: string) => type.startsWith('SSL ');
/** additionalData.revokedByAdmin / revokedByUser: "SSL Revoked" only. */
export const usesRevokedBy = (type: string) => type === 'SSL Revoked';

export const kMinDays = 1;
export const kMaxDays = 365;

export const kNotifyRoleLabels: Record<NotifyRole, { label: string; short: string }> = {
  REQUESTER: { label: 'The admin who requested the certificate', short: 'Requester' },
  EXTERNAL_REQUESTER: { label: 'The external requester (the email given on the request)', short: 'External requester' },
  APPROVER: { label: 'The admin who approved it', short: 'Approver' },
  MRAO: { label: 'Every MRAO', short: 'MRAOs' },
  SSL_RAO: { label: 'SSL RAOs of the organization', short: 'SSL RAOs' },
  SSL_DRAO: { label: 'SSL DRAOs of the department', short: 'SSL DRAOs' },
  ORGANIZATION_CONTACT: { label: "The organization's contact emails", short: 'Organization contacts' },
};

export const kScopeLabels: Record<SelectedOrgType, string> = {
  ANY: 'Every organization and department you administer',
  ANYDEPT: 'The organizations chosen below, and any of their departments',
  SELECTED: 'Exactly the organizations and departments chosen below',
};

/** The form as typed: numbers as the inputs' text, the addresses as one text. */
export interface RuleDraft {
  description: string;
  type: string;
  active: boolean;
  selectedOrgType: SelectedOrgType;
  /** The chosen organizations' and departments' ids, as the checkboxes' values. */
  orgIds: string[];
  notifyRoles: NotifyRole[];
  /** The fixed addresses, one a line. */
  emails: string;
  days: string;
  /** '' = any SSL type. */
  certTypeId: string;
  freq: NotificationFreq;
  revokedByAdmin: boolean;
  revokedByUser: boolean;
}

/** The draft of `rule`, or of a new rule (active, everywhere, 30 days once). */
export function draftOf(rule?: NotificationRule): RuleDraft {
  const extra: AdditionalData = rule?.additionalData ?? {};
  return {
    description: rule?.description ?? '',
    type: rule?.type ?? '',
    active: rule?.active ?? true,
    selectedOrgType: rule?.orgData?.selectedOrgType ?? 'ANY',
    orgIds: (rule?.orgData?.orgDelegations ?? []).map((d) => String(d.orgId)),
    notifyRoles: [...(rule?.recipientData?.notifyRoles ?? [])],
    emails: (rule?.recipientData?.recipients ?? []).map((r) => r.value).join('\n'),
    days: extra.days !== undefined && extra.days !== null ? String(extra.days) : '30',
    certTypeId: extra.certTypeId !== undefined && extra.certTypeId !== null ? String(extra.certTypeId) : '',
    freq: extra.freq ?? 'ONCE',
    revokedByAdmin: extra.revokedByAdmin ?? true,
    revokedByUser: extra.revokedByUser ?? true,
  };
}

// Plausible, not RFC 5322: one @, no spaces, a dot in the domain part.
const kEmail = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()".]{2,}$/;

export function looksLikeEmail(text: string): boolean {
  return kEmail.test(text) && !text.includes('..');
}

/** The addresses of the textarea (one a line; commas and semicolons also part them), each once. */
export function parseEmails(text: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const part of text.split(/[\n\r,;]+/)) {
    const e = part.trim();
    if (!e || seen.has(e.toLowerCase())) continue;
    seen.add(e.toLowerCase());
    (looksLikeEmail(e) ? emails : invalid).push(e);
  }
  return { emails, invalid };
}

/** What is wrong with the draft, by the form's field names; {} when it can be sent. */
export function draftProblems(d: RuleDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.description.trim()) out.description = 'Describe the rule, e.g. "SSL expiring in 30 days".';
  if (!d.type) out.type = 'Choose what the rule notifies about.';
  if (usesDays(d.type)) {
    const days = Number(d.days);
    if (!/^\d+$/.test(d.days.trim()) || days < kMinDays || days > kMaxDays) {
      out.days = `Enter a whole number of days from ${kMinDays} to ${kMaxDays}.`;
    }
  }
  if (d.selectedOrgType !== 'ANY' && d.orgIds.length === 0) out.orgData = 'Choose at least one organization or department.';
  const { emails, invalid } = parseEmails(d.emails);
  if (invalid.length) out.emails = `Not an email address: ${invalid.join(', ')}.`;
  else if (emails.length === 0 && d.notifyRoles.length === 0) out.recipientData = 'Choose at least one role or enter an address.';
  return out;
}

/** The body of POST and PUT for a draft without problems. */
export function ruleOf(d: RuleDraft): NotificationRuleBody {
  const additionalData: AdditionalData = {};
  if (usesDays(d.type)) additionalData.days = Number(d.days);
  if (usesCertType(d.type)) additionalData.certTypeId = d.certTypeId ? Number(d.certTypeId) : null;
  if (usesFreq(d.type)) additionalData.freq = d.freq;
  if (usesRevokedBy(d.type)) {
    additionalData.revokedByAdmin = d.revokedByAdmin;
    additionalData.revokedByUser = d.revokedByUser;
  }
  return {
    description: d.description.trim(),
    type: d.type,
    active: d.active,
    orgData: {
      selectedOrgType: d.selectedOrgType,
      // ANY covers the owner's whole scope: a list would mean nothing.
      orgDelegations: d.selectedOrgType === 'ANY' ? [] : d.orgIds.map((id) => ({ orgId: Number(id) })),
    },
    recipientData: {
      notifyRoles: [...d.notifyRoles],
      recipients: parseEmails(d.emails).emails.map((value) => ({ type: 'EMAIL', value })),
    },
    additionalData,
  };
}

/**
 * The places a scope offers: ANYDEPT names organizations (their departments come with
 * them), SELECTED any organization or department. Ids chosen before but not in `orgs`
 * (outside the editor's scope) stay offered, so saving keeps them.
 */
export function scopeChoices(type: SelectedOrgType, orgs: readonly OrgOption[], chosen: readonly string[]): OrgOption[] {
  const offered = type === 'ANYDEPT' ? orgs.filter((o) => o.kind === 'organization') : [...orgs];
  const unknown = chosen.filter((id) => !orgs.some((o) => String(o.id) === id));
  return [...offered, ...unknown.map((id) => ({ id: Number(id), label: `#${id}`, kind: 'organization' as const }))];
}

/** "Demo University, Physics and 2 more": the first `max` names of a list. */
export function firstFew(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Where a rule applies, in a few words. */
export function scopeSummary(rule: NotificationRule, orgs: readonly OrgOption[]): string {
  const names = (rule.orgData?.orgDelegations ?? []).map((d) => orgLabel([...orgs], d.orgId));
  switch (rule.orgData?.selectedOrgType) {
    case 'ANYDEPT':
      return `${firstFew(names)} and their departments`;
    case 'SELECTED':
      return firstFew(names);
    default:
      return 'Any organization or department';
  }
}

/** Who a rule notifies, in a few words: the roles, then the fixed addresses. */
export function recipientsSummary(rule: NotificationRule): string {
  const roles = (rule.recipientData?.notifyRoles ?? []).map((r) => kNotifyRoleLabels[r]?.short ?? r);
  const emails = (rule.recipientData?.recipients ?? []).map((r) => r.value);
  return firstFew([...roles, ...emails], 4);
}
