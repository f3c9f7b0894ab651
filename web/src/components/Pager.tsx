// Moves through a server-side paginated list (position/size, total from X-Total-Count).

import { useId } from 'react';
import type { Paging } from '../api/query';
import { kPageSizes } from '../lib/listState';

interface PagerProps {
  paging: Paging;
  total: number;
  label: string;
  onChange(paging: Paging): void;
}

export function Pager({ paging, total, label, onChange }: PagerProps) {
  const sizeId = useId();
  const { position, size } = paging;
  const first = total === 0 ? 0 : position + 1;
  const last = Math.min(position + size, total);
  const page = Math.floor(position / size) + 1;
  const pages = Math.max(1, Math.ceil(total / size));
  return (
    <nav className="pager" aria-label={label}>
      <p className="pager-range" aria-live="polite">
        {total === 0 ? 'No results' : `Showing ${first}–${last} of ${total} (page ${page} of ${pages})`}
      </p>
      <div className="pager-controls">
        <button type="button" disabled={position === 0} onClick={() => onChange({ position: 0, size })}>
          First
        </button>
        <button
          type="button"
          disabled={position === 0}
          onClick={() => onChange({ position: Math.max(0, position - size), size })}
        >
          Previous
        </button>
        <button type="button" disabled={position + size >= total} onClick={() => onChange({ position: position + size, size })}>
          Next
        </button>
        <label htmlFor={sizeId}>Per page</label>
        <select id={sizeId} value={size} onChange={(e) => onChange({ position: 0, size: Number(e.target.value) })}>
          {kPageSizes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
    </nav>
  );
}
