import type { ReactNode } from 'react';
import type { Page } from '../../hooks/usePagedList';
import { ErrorMessage } from '../ErrorMessage';
import { LoadMore } from '../LoadMore';

type Props<T> = {
  /** The table's accessible name, e.g. "Orders". */
  label: string;
  /** Column headings; an empty string for a column of actions without one. */
  columns: string[];
  /** What usePagedList returned. */
  list: Page<T> | null;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  /** Shown while the first page loads, and when no entry matches. */
  loadingText: string;
  emptyText: string;
  row: (entry: T) => ReactNode;
};

/** A back-office listing: its error, the first page loading, no match, the rows, "Load more". */
export const PagedTable = <T,>({
  label,
  columns,
  list,
  loading,
  error,
  loadMore,
  loadingText,
  emptyText,
  row,
}: Props<T>) => (
  <>
    <ErrorMessage error={error} />
    {list === null && loading ? <p>{loadingText}</p> : null}
    {list?.entries.length === 0 ? <p className="card">{emptyText}</p> : null}
    {list && list.entries.length > 0 ? (
      <table className="admin-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headings are fixed, and may repeat ''
              <th key={index}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{list.entries.map(row)}</tbody>
      </table>
    ) : null}
    <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
  </>
);
