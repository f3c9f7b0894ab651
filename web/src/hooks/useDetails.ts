// The details of each row of a list page, fetched a few at a time: the list endpoints
// answer only ids and names (scm-api.md §2.1, §2.6, §2.7), the console shows more.

import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';
import { mapLimit } from '../lib/concurrency';
import { useApiClient } from '../session/SessionProvider';

const kInFlight = 4;

/** id → details (or the error fetching them); rows not yet loaded are absent. */
export function useDetails<V>(ids: readonly number[], load: (api: ApiClient, id: number) => Promise<V>): Map<number, V | Error> {
  const api = useApiClient();
  const [details, setDetails] = useState(() => new Map<number, V | Error>());
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    setDetails(new Map());
    const wanted = key ? key.split(',').map(Number) : [];
    void mapLimit(wanted, kInFlight, async (id) => {
      const v = await load(api, id).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (live) setDetails((m) => new Map(m).set(id, v));
      return v;
    });
    return () => {
      live = false;
    };
    // `load` is a module-level function at every call site.
  }, [api, key]);
  return details;
}

/** The value of a details map entry, or undefined while loading or on error. */
export function loaded<V>(v: V | Error | undefined): V | undefined {
  return v instanceof Error ? undefined : v;
}
