// The API writes dates three ways (scm-api.md §1.6): SSL details as MM/dd/yyyy, DCV as
// yyyy-MM-dd, admins and checks as RFC 3339. The console shows them all as yyyy-MM-dd,
// which no reader in any country misreads.

const kDayMs = 24 * 60 * 60 * 1000;

/** A date of the API as a UTC Date, or null when `text` is none of its forms. */
export function parseApiDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  let m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (m) return utcDay(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return utcDay(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

function utcDay(y: number, month: number, day: number): Date | null {
  const d = new Date(Date.UTC(y, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : null;
}

/** yyyy-MM-dd of `d` (UTC). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** An API date shown as yyyy-MM-dd (times as yyyy-MM-dd HH:mm UTC); '' when absent. */
export function formatApiDate(text: string | null | undefined): string {
  const d = parseApiDate(text);
  if (!d) return text ?? '';
  if (text && text.includes('T')) return `${isoDay(d)} ${d.toISOString().slice(11, 16)} UTC`;
  return isoDay(d);
}

/** Whole UTC days from `now`'s day to `d`'s day (negative when past). */
export function daysUntil(d: Date, now: Date): number {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((end - start) / kDayMs);
}

/** "today", "in 3 days", "5 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** A certificate term in words: "1 year (365 days)", "90 days", "397 days (about 13 months)". */
export function termLabel(days: number): string {
  if (days > 0 && days % 365 === 0) {
    const years = days / 365;
    return `${years} year${years === 1 ? '' : 's'} (${days} days)`;
  }
  if (days >= 60) return `${days} days (about ${Math.round(days / 30.44)} months)`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** One bar of the expiry chart: [start, end) in days from today. */
export interface Bucket {
  fromDay: number;
  toDay: number;
  count: number;
}

/**
 * Counts `dates` falling in the next `horizon` days, in buckets of `width` days
 * (the last bucket may be shorter). Dates before today or past the horizon are left out.
 */
export function expiryBuckets(dates: Date[], now: Date, horizon = 90, width = 7): Bucket[] {
  const buckets: Bucket[] = [];
  for (let from = 0; from < horizon; from += width) {
    buckets.push({ fromDay: from, toDay: Math.min(from + width, horizon), count: 0 });
  }
  for (const d of dates) {
    const days = daysUntil(d, now);
    if (days < 0 || days >= horizon) continue;
    buckets[Math.floor(days / width)].count += 1;
  }
  return buckets;
}
