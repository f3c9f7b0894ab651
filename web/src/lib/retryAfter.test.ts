import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './retryAfter';

const now = new Date('2026-12-06T10:00:00Z');

describe('retryAfterSeconds', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP-date as the seconds from now, never negative', () => {
    expect(retryAfterSeconds('Sun, 06 Dec 2026 10:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Sun, 06 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('is undefined when absent or unreadable', () => {
    expect(retryAfterSeconds(null, now)).toBeUndefined();
    expect(retryAfterSeconds('', now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds('-5', now)).toBeUndefined();
  });
});
