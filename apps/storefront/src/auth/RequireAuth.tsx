import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthProvider';

/** Sends a logged-out visitor to the login page, which brings them back here afterwards. */
export const RequireAuth = ({
  children,
  admin = false,
}: {
  children: ReactNode;
  admin?: boolean;
}) => {
  const { session, isAdmin } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location }} />;
  if (admin && !isAdmin) {
    return (
      <section className="page narrow">
        <h1>Admins only</h1>
        <p>This page is for shop administrators. Log in with an admin account to use it.</p>
      </section>
    );
  }
  return children;
};
