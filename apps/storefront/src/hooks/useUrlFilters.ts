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
