import { useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A back-office list's filters, kept in the URL so a filtered list can be shared and the back
 * button undoes a filter: `filter(name)` reads one ('' when unset), `setFilter` sets one (an
 * empty value removes it), `setParams` replaces them all.
 */
export const useUrlFilters = () => {
  const [params, setParams] = useSearchParams();
  const filter = (name: string) => params.get(name) ?? '';
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return { filter, setFilter, setParams };
};

/**
 * The rows an ADMIN changed on this page (shipped, refunded…), shown over the list as it was
 * loaded: `latest(row)` is the row as changed, if it was.
 */
export const useChangedRows = <T extends { id: string }>() => {
  const [changed, setChanged] = useState<Record<string, T>>({});
  return {
    latest: (row: T) => changed[row.id] ?? row,
    changedTo: (next: T) => setChanged((current) => ({ ...current, [next.id]: next })),
  };
};
