// A data table: a caption, headers a click (or Enter) sorts by, and a scrolling region
// so wide tables stay usable on a phone.

import type { ReactNode } from 'react';
import { nextSort, type SortState } from '../lib/sort';

export interface Column<T> {
  key: string;
  header: string;
  render(row: T): ReactNode;
  /** The column can be sorted by. */
  sortable?: boolean;
  className?: string;
}

interface TableProps<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string | number;
  sort?: SortState;
  onSort?(sort: SortState): void;
  empty?: ReactNode;
  /** Shown under the caption, e.g. what sorting covers. */
  note?: ReactNode;
}

export function Table<T>({ caption, columns, rows, rowKey, sort, onSort, empty, note }: TableProps<T>) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>
          {caption}
          {note && <span className="caption-note"> {note}</span>}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th key={c.key} scope="col" className={c.className} aria-sort={active ? sort?.direction : undefined}>
                  {c.sortable && onSort ? (
                    <button type="button" className="sort-button" onClick={() => onSort(nextSort(sort, c.key))}>
                      {c.header}
                      <span aria-hidden="true" className="sort-mark">
                        {active ? (sort?.direction === 'ascending' ? ' ▲' : ' ▼') : ' ⇅'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? 'Nothing to show.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (
                  <td key={c.key} className={c.className} data-label={c.header}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
