import { describe, expect, it } from 'vitest';
import { readFilters, readPaging, readSort, sortParam, withParams } from './listState';

describe('list state in the URL', () => {
  it('defaults to the first page of 25 and clamps nonsense', () => {
    expect(readPaging(new URLSearchParams())).toEqual({ position: 0, size: 25 });
    expect(readPaging(new URLSearchParams('position=-5&size=abc'))).toEqual({ position: 0, size: 25 });
    expect(readPaging(new URLSearchParams('position=50&size=10'))).toEqual({ position: 50, size: 10 });
  });
  it('reads filters, absent ones as empty', () => {
    expect(readFilters(new URLSearchParams('status=Issued'), ['status', 'commonName'] as const)).toEqual({
      status: 'Issued',
      commonName: '',
    });
  });
  it('round-trips the sort', () => {
    for (const s of ['expires', '-expires']) expect(sortParam(readSort(new URLSearchParams(`sort=${s}`)))).toBe(s);
    expect(readSort(new URLSearchParams())).toBeUndefined();
  });
  it('goes back to the first page when a filter changes, not when paging', () => {
    const p = new URLSearchParams('status=Issued&position=50');
    expect(withParams(p, { status: 'Revoked' }).toString()).toBe('status=Revoked');
    expect(withParams(p, { position: 75 }).toString()).toBe('status=Issued&position=75');
    expect(withParams(p, { status: '' }).toString()).toBe('');
  });
});
