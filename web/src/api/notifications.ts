// /api/notification/v1: notification rules (SCM's), and certkeep's own additions: the
// message templates per rule type and the outbox of messages being delivered.

import type { ApiClient, Page } from './client';
import { listQuery, type Paging } from './query';

/** Where a rule applies (orgData.selectedOrgType). */
export type SelectedOrgType = 'ANY' | 'ANYDEPT' | 'SELECTED';

/** Who a rule notifies besides its fixed addresses. */
export const kNotifyRoles = [
  'REQUESTER',
  'EXTERNAL_REQUESTER',
  'APPROVER',
  'MRAO',
  'SSL_RAO',
  'SSL_DRAO',
  'ORGANIZATION_CONTACT',
] as const;
export type NotifyRole = (typeof kNotifyRoles)[number];

/** ONCE (the default) or every day until the condition ends; the expiration types only. */
export type NotificationFreq = 'ONCE' | 'DAILY';

export interface OrgData {
  selectedOrgType: SelectedOrgType;
  orgDelegations: { orgId: number }[];
}

export interface Recipient {
  /** EMAIL is the only kind. */
  type: 'EMAIL';
  value: string;
}

export interface RecipientData {
  notifyRoles: NotifyRole[];
  recipients: Recipient[];
}

/** The settings of some types only; see lib/notificationRules.ts for which. */
export interface AdditionalData {
  days?: number;
  certTypeId?: number | null;
  freq?: NotificationFreq;
  revokedByAdmin?: boolean;
  revokedByUser?: boolean;
}

/** A rule as POST sends it (no id yet). */
export interface NotificationRuleBody {
  description: string;
  /** One of GET /types: "SSL Expiration", "Admin Created", … */
  type: string;
  active: boolean;
  orgData: OrgData;
  recipientData: RecipientData;
  additionalData: AdditionalData;
}

export interface NotificationRule extends NotificationRuleBody {
  id: number;
}

/** Filters of GET /api/notification/v1 the console offers. */
export interface NotificationFilters {
  type?: string;
  description?: string;
  orgId?: number | '';
}

/** A type's message; placeholders are written {{commonName}}. */
export interface NotificationTemplate {
  type: string;
  subject: string;
  text: string;
  html: string;
  /** False while it is certkeep's default. */
  customized: boolean;
}

export interface NotificationTemplates {
  placeholders: string[];
  templates: NotificationTemplate[];
}

export type TemplatePatch = Pick<NotificationTemplate, 'subject' | 'text' | 'html'>;

export const kOutboxStatuses = ['PENDING', 'SENT', 'FAILED'] as const;
export type OutboxStatus = (typeof kOutboxStatuses)[number];

/** A message of the outbox; times are ISO 8601 UTC. */
export interface OutboxMessage {
  id: number;
  kind: string;
  to: string[];
  subject: string;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  lastError: string | null;
  messageId: string | null;
}

const kBase = '/api/notification/v1';
// A type is a phrase with spaces ("SSL Expiration"): one path segment, encoded.
const templatePath = (type: string) => `${kBase}/templates/${encodeURIComponent(type)}`;

export const listNotificationTypes = (api: ApiClient) => api.get<string[]>(`${kBase}/types`);
export const listNotifications = (api: ApiClient, filters: NotificationFilters, paging: Paging): Promise<Page<NotificationRule>> =>
  api.page<NotificationRule>(kBase, listQuery(filters, paging));
export const getNotification = (api: ApiClient, id: number) => api.get<NotificationRule>(`${kBase}/${id}`);
export const createNotification = (api: ApiClient, rule: NotificationRuleBody) => api.create(kBase, rule);
/** PUT takes the whole rule; its id is the one in the path. */
export const updateNotification = (api: ApiClient, id: number, rule: NotificationRuleBody) =>
  api.put(`${kBase}/${id}`, { ...rule, id });
export const deleteNotification = (api: ApiClient, id: number) => api.delete(`${kBase}/${id}`);

export const getNotificationTemplates = (api: ApiClient) => api.get<NotificationTemplates>(`${kBase}/templates`);
export const updateNotificationTemplate = (api: ApiClient, type: string, patch: TemplatePatch) =>
  api.put(templatePath(type), patch);
/** Back to certkeep's default text. */
export const resetNotificationTemplate = (api: ApiClient, type: string) => api.delete(templatePath(type));

export const listOutbox = (api: ApiClient, status: OutboxStatus | '', paging: Paging): Promise<Page<OutboxMessage>> =>
  api.page<OutboxMessage>(`${kBase}/outbox`, listQuery({ status }, paging));
/** A FAILED message goes back to PENDING. */
export const retryOutboxMessage = (api: ApiClient, id: number) => api.post(`${kBase}/outbox/${id}/retry`);
