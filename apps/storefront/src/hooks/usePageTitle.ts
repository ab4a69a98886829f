import { useEffect } from 'react';

/** Each page names itself: the tab title is the first thing a screen reader reads. */
export const usePageTitle = (title: string) => {
  useEffect(() => {
    document.title = `${title} · Shop`;
  }, [title]);
};
