import { describe, expect, it } from 'vitest';
import { daysUntil, expiryBuckets, formatApiDate, parseApiDate, relativeDays, termLabel } from './dates';

describe('API dates', () => {
  it('reads the three forms the API writes', () => {
    expect(parseApiDate('12/31/2026')?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(parseApiDate('2026-12-31')?.toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(parseApiDate('2026-12-31T10:20:30Z')?.toISOString()).toBe('2026-12-31T10:20:30.000Z');
  });
  it('refuses impossible days and other text', () => {
    expect(parseApiDate('02/30/2026')).toBeNull();
    expect(parseApiDate('31/12/2026')).toBeNull();
    expect(parseApiDate('')).toBeNull();
    expect(parseApiDate('soon')).toBeNull();
  });
  it('shows every form as yyyy-MM-dd', () => {
    expect(formatApiDate('03/04/2027')).toBe('2027-03-04');
    expect(formatApiDate('2027-03-04T05:06:07Z')).toBe('2027-03-04 05:06 UTC');
    expect(formatApiDate(undefined)).toBe('');
    expect(formatApiDate('not a date')).toBe('not a date');
  });
});

describe('days', () => {
  const now = new Date(Date.UTC(2026, 11, 4, 23, 59));
  it('counts whole UTC days whatever the time of day', () => {
    expect(daysUntil(new Date(Date.UTC(2026, 11, 5, 0, 1)), now)).toBe(1);
    expect(daysUntil(new Date(Date.UTC(2026, 11, 4, 0, 0)), now)).toBe(0);
    expect(daysUntil(new Date(Date.UTC(2026, 11, 1)), now)).toBe(-3);
  });
  it('says it in words', () => {
    expect([0, 1, -1, 5, -2].map(relativeDays)).toEqual(['today', 'tomorrow', 'yesterday', 'in 5 days', '2 days ago']);
    expect(termLabel(365)).toBe('1 year (365 days)');
    expect(termLabel(730)).toBe('2 years (730 days)');
    expect(termLabel(397)).toBe('397 days (about 13 months)');
    expect(termLabel(30)).toBe('30 days');
  });
  it('buckets the next 90 days by week, leaving out the past and the far future', () => {
    const at = (d: number) => new Date(now.getTime() + d * 86_400_000);
    const buckets = expiryBuckets([at(0), at(6), at(7), at(89), at(90), at(-1)], now);
    expect(buckets).toHaveLength(13);
    expect(buckets[0]).toEqual({ fromDay: 0, toDay: 7, count: 2 });
    expect(buckets[1].count).toBe(1);
    expect(buckets[12]).toEqual({ fromDay: 84, toDay: 90, count: 1 });
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(4);
  });
});
