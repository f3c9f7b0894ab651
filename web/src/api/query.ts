// Query strings of the list endpoints: empty filters are left out, lists repeat the key
// (`role=RAO_SSL&role=DRAO_SSL`, as /api/admin/v1/privileges reads them).

/** A value a query parameter may take; empty ones are dropped. */
export type QueryValue = string | number | boolean | null | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

/** `?a=1&b=x` for the non-empty values of `query`, or '' when none is left. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item !== '') params.append(key, item);
      continue;
    }
    const text = String(value).trim();
    if (text !== '') params.append(key, text);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The slice of a list the API pages by (scm-api.md §3.8: 0-based offset, size <= 200). */
export interface Paging {
  position: number;
  size: number;
}

export const kMaxPageSize = 200;

/** Paging clamped to what the API accepts. */
export function clampPaging(p: Paging): Paging {
  const size = Math.min(Math.max(Math.trunc(p.size) || 25, 1), kMaxPageSize);
  const position = Math.max(Math.trunc(p.position) || 0, 0);
  return { position, size };
}

/** A list query: the filters that are set, plus `position` and `size`. */
export function listQuery<F extends object>(filters: F, paging: Paging): Query {
  const { position, size } = clampPaging(paging);
  return { ...(filters as Query), position, size };
}
