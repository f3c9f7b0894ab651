// Sorting of the rows on screen.

export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: string;
  direction: SortDirection;
}

/** The next sort after a click on column `key`: ascending first, then flip. */
export function nextSort(current: SortState | undefined, key: string): SortState {
  if (current?.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: 'ascending' };
}

type Sortable = string | number | Date | null | undefined;

/** A copy of `rows` sorted by `valueOf`; empty values go last whatever the direction. */
export function sortRows<T>(rows: readonly T[], sort: SortState | undefined, valueOf: (row: T, key: string) => Sortable): T[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = valueOf(a, sort.key);
    const y = valueOf(b, sort.key);
    const xEmpty = x === null || x === undefined || x === '';
    const yEmpty = y === null || y === undefined || y === '';
    if (xEmpty || yEmpty) return xEmpty === yEmpty ? 0 : xEmpty ? 1 : -1;
    const xv = x instanceof Date ? x.getTime() : x;
    const yv = y instanceof Date ? y.getTime() : y;
    if (typeof xv === 'number' && typeof yv === 'number') return (xv - yv) * sign;
    return String(xv).localeCompare(String(yv), undefined, { numeric: true, sensitivity: 'base' }) * sign;
  });
}
