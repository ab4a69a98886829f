import { type FormEvent, useState } from 'react';
import { Link, type Location, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { lastSessionEnd } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { PasswordField, TextField } from '../components/Field';
import { usePageTitle } from '../hooks/usePageTitle';

/** Where to go after logging in: back to the page that sent the user here. */
export const useReturnPath = (): string => {
  const from = (useLocation().state as { from?: Location } | null)?.from;
  return from ? `${from.pathname}${from.search}` : '/';
};

export const LoginPage = () => {
  usePageTitle('Log in');
  const { session, logIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const returnPath = useReturnPath();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session && !busy) return <Navigate to={returnPath} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await logIn(String(data.get('email')), String(data.get('password')));
      await navigate(returnPath, { replace: true });
    } catch (failure) {
      // One message for an unknown email and a wrong password, as the service intends.
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'The email or password is not right.'
          : failure,
      );
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Log in</h1>
      {lastSessionEnd() === 'expired' ? (
        <p className="alert alert-info">Your session has ended. Please log in again.</p>
      ) : null}
      <form className="card form" data-testid="login-form" onSubmit={onSubmit} aria-busy={busy}>
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <PasswordField label="Password" name="password" autoComplete="current-password" required />
        <ErrorMessage error={error} />
        <button type="submit" className="button button-block" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p>
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
      </form>
      <p>
        New here?{' '}
        <Link to="/register" state={location.state}>
          Create an account
        </Link>
      </p>
    </section>
  );
};
