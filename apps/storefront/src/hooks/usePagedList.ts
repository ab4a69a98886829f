import { useCallback, useEffect, useRef, useState } from 'react';

export type Page<T> = { entries: T[]; nextCursor: string | null };

/**
 * A keyset-paginated list: the first page whenever `fetchPage` changes (memoize it on its
 * filters), more with loadMore(). A page answered for old filters is dropped.
 */
export const usePagedList = <T>(fetchPage: (cursor?: string) => Promise<Page<T>>) => {
  const [list, setList] = useState<Page<T> | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = useRef(fetchPage);

  const load = useCallback(
    async (cursor?: string) => {
      setLoading(true);
      setError(null);
      try {
        const page = await fetchPage(cursor);
        if (current.current !== fetchPage) return;
        setList((previous) =>
          cursor && previous
            ? { entries: [...previous.entries, ...page.entries], nextCursor: page.nextCursor }
            : page,
        );
      } catch (failure) {
        if (current.current === fetchPage) setError(failure);
      } finally {
        if (current.current === fetchPage) setLoading(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    current.current = fetchPage;
    setList(null);
    void load();
  }, [load, fetchPage]);

  const loadMore = useCallback(() => {
    if (list?.nextCursor) void load(list.nextCursor);
  }, [list, load]);

  return { list, loading, error, loadMore, reload: () => load() };
};
