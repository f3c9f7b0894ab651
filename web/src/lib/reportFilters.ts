// The SSL certificates report's filter form: its draft, what is wrong with it, the body
// of POST /api/report/v1/ssl-certificates made from it, and the CSV file's name.

import type { SslReportRequest } from '../api/reports';
import { isoDay, parseApiDate } from './dates';

/** The form as typed (codes as the selects' text; '' = not filtered). */
export interface ReportDraft {
  orgIds: string[];
  commonName: string;
  externalRequester: string;
  /** certificateStatus; '0' = any. */
  status: string;
  /** certificateRequestSource; '' = any. */
  source: string;
  /** certificateDateAttribute; '' = no date range. */
  dateAttribute: string;
  /** yyyy-MM-dd, as <input type="date"> gives it. */
  from: string;
  to: string;
}

export function emptyReportDraft(): ReportDraft {
  return { orgIds: [], commonName: '', externalRequester: '', status: '0', source: '', dateAttribute: '', from: '', to: '' };
}

const kDay = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (text: string) => kDay.test(text) && parseApiDate(text) !== null;

/** What is wrong with the draft, by field name ('from', 'to'); {} when it can be run. */
export function reportProblems(d: ReportDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.dateAttribute) return out;
  if (!isDay(d.from)) out.from = 'Enter the first day of the range (yyyy-mm-dd).';
  if (!isDay(d.to)) out.to = 'Enter the last day of the range (yyyy-mm-dd).';
  if (!out.from && !out.to && d.from > d.to) out.to = 'The last day is before the first.';
  return out;
}

/** The request for a draft without problems; filters left empty are left out. */
export function reportRequestOf(d: ReportDraft): SslReportRequest {
  const r: SslReportRequest = { certificateStatus: Number(d.status) || 0 };
  if (d.orgIds.length) r.organizationIds = d.orgIds.map(Number);
  if (d.commonName.trim()) r.commonName = d.commonName.trim();
  if (d.externalRequester.trim()) r.externalRequester = d.externalRequester.trim();
  if (d.source !== '') r.certificateRequestSource = Number(d.source);
  if (d.dateAttribute) {
    r.certificateDateAttribute = Number(d.dateAttribute);
    r.from = d.from;
    r.to = d.to;
  }
  return r;
}

/** ssl-certificates-2025-03-01.csv, by the UTC day of `now` (the console's dates are UTC). */
export function reportFileName(now: Date): string {
  return `ssl-certificates-${isoDay(now)}.csv`;
}
