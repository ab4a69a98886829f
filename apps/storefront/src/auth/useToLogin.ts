import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';

/**
 * Sends the user to the login page and back here afterwards. `ifUnauthorized(error)` does so
 * only for a 401 (the session could not be refreshed) and tells whether it did.
 */
export const useToLogin = () => {
  const navigate = useNavigate();
  const location = useLocation();
  const toLogin = useCallback(
    () => navigate('/login', { state: { from: location } }),
    [navigate, location],
  );
  const ifUnauthorized = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError && error.status === 401)) return false;
      void toLogin();
      return true;
    },
    [toLogin],
  );
  return { toLogin, ifUnauthorized };
};
