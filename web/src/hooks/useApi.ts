// Loads data from the API for a component: the value, the error, and a reload.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import { useApiClient } from '../session/SessionProvider';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
  setData(value: T): void;
}

/** Calls `load` when `deps` change; a later answer always wins over an earlier one. */
export function useApi<T>(load: (api: ApiClient) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const api = useApiClient();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    loadRef
      .current(api)
      .then((v) => {
        if (seq.current === mine) setData(v);
      })
      .catch((e: unknown) => {
        if (seq.current === mine) setError(toApiError(e));
      })
      .finally(() => {
        if (seq.current === mine) setLoading(false);
      });
  }, [api, tick, ...deps]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** Any thrown value as an ApiError (a bug in the console shows as one too). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, -1, e instanceof Error ? e.message : String(e));
}
