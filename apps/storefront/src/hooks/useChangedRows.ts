import { useState } from 'react';

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
