import { useEffect, useState } from 'react';

/**
 * The token of a password-reset or verification link. Emails put it in the fragment
 * (`#token=…`), which browsers never send to a server; once read it is removed from the
 * address bar, so it is not left in the history or shown over a shoulder.
 */
export const useLinkToken = (): string => {
  const [token] = useState(
    () => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '',
  );
  useEffect(() => {
    if (window.location.hash)
      window.history.replaceState(window.history.state, '', window.location.pathname);
  }, []);
  return token;
};
