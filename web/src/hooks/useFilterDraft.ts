// A list page's filter form: the filters being edited, reset whenever the applied ones
// (read from the URL) change.

import { useEffect, useState } from 'react';

export function useFilterDraft<T extends Record<string, string>>(values: T) {
  const [draft, setDraft] = useState(values);
  const key = JSON.stringify(values);
  useEffect(() => setDraft(JSON.parse(key) as T), [key]);
  /** The change handler of the field `k`. */
  const set = (k: keyof T) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return { draft, setDraft, set };
}
