import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Loads data when `fetcher` changes (memoize it with useCallback on its inputs) and on
 * reload(). Only the latest call may write the state, so a slow answer for a previous id can
 * never overwrite the current one.
 */
export const useResource = <T>(fetcher: () => Promise<T>) => {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    latest.current += 1;
    const call = latest.current;
    setLoading(true);
    try {
      const value = await fetcher();
      if (call === latest.current) {
        setData(value);
        setError(null);
      }
    } catch (failure) {
      if (call === latest.current) setError(failure);
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, [fetcher]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
};
