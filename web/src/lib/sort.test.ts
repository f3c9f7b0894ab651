import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from './sort';

describe('nextSort', () => {
  it('starts ascending and flips on the same column', () => {
    const first = nextSort(undefined, 'expires');
    expect(first).toEqual({ key: 'expires', direction: 'ascending' });
    expect(nextSort(first, 'expires')).toEqual({ key: 'expires', direction: 'descending' });
    expect(nextSort(first, 'name')).toEqual({ key: 'name', direction: 'ascending' });
  });
});

describe('sortRows', () => {
  const rows = [{ v: 'b10' }, { v: '' }, { v: 'b9' }, { v: 'A1' }];
  const value = (r: { v: string }) => r.v;
  it('sorts naturally and puts empty values last in both directions', () => {
    expect(sortRows(rows, { key: 'v', direction: 'ascending' }, value).map(value)).toEqual(['A1', 'b9', 'b10', '']);
    expect(sortRows(rows, { key: 'v', direction: 'descending' }, value).map(value)).toEqual(['b10', 'b9', 'A1', '']);
  });
  it('sorts numbers and dates by value and leaves the input alone', () => {
    const dated = [{ d: new Date(2027, 1, 1) }, { d: new Date(2026, 1, 1) }];
    const sorted = sortRows(dated, { key: 'd', direction: 'ascending' }, (r) => r.d);
    expect(sorted[0].d.getFullYear()).toBe(2026);
    expect(dated[0].d.getFullYear()).toBe(2027);
    expect(sortRows([{ n: 10 }, { n: 9 }], { key: 'n', direction: 'ascending' }, (r) => r.n)).toEqual([{ n: 9 }, { n: 10 }]);
  });
  it('keeps the order when nothing is sorted', () => {
    expect(sortRows(rows, undefined, value)).toEqual(rows);
  });
});
