import type { ReactNode } from 'react';

/** Label–value pairs of a record; empty values show as "—". */
export function DetailList({ items, label }: { items: [string, ReactNode][]; label?: string }) {
  return (
    <dl className="details" aria-label={label}>
      {items.map(([k, v]) => (
        <div key={k} className="detail-row">
          <dt>{k}</dt>
          <dd>{v === '' || v === undefined || v === null ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}
