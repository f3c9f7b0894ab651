// A list's filters, page and sort live in the URL (?status=Issued&position=25&size=25&sort=expires),
// so a reload, the back button and a shared link show the same page.

import { clampPaging, type Paging } from '../api/query';
import type { SortState } from './sort';

export const kPageSizes = [10, 25, 50, 100, 200] as const;
export const kDefaultPageSize = 25;

/** The paging in `params`, clamped; defaults to the first page of 25. */
export function readPaging(params: URLSearchParams): Paging {
  const size = Number(params.get('size') ?? kDefaultPageSize);
  const position = Number(params.get('position') ?? 0);
  return clampPaging({ position, size });
}

/** The text filters named `keys` in `params` ('' when absent). */
export function readFilters<K extends string>(params: URLSearchParams, keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) out[k] = params.get(k) ?? '';
  return out;
}

/** `sort=key` or `sort=-key` (descending). */
export function readSort(params: URLSearchParams): SortState | undefined {
  const s = params.get('sort');
  if (!s) return undefined;
  return s.startsWith('-') ? { key: s.slice(1), direction: 'descending' } : { key: s, direction: 'ascending' };
}

export function sortParam(sort: SortState | undefined): string {
  if (!sort) return '';
  return sort.direction === 'descending' ? `-${sort.key}` : sort.key;
}

/**
 * A copy of `params` with `updates` applied ('' or undefined removes a key). Changing
 * any filter returns to the first page, since the old offset may be past the new end.
 */
export function withParams(
  params: URLSearchParams,
  updates: Record<string, string | number | undefined>,
  { resetPosition = true }: { resetPosition?: boolean } = {},
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(updates)) {
    if (v === undefined || v === '') next.delete(k);
    else next.set(k, String(v));
  }
  if (resetPosition && !('position' in updates)) next.delete('position');
  return next;
}
