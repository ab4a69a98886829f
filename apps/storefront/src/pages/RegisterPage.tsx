import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/Field';
import { usePageTitle } from '../hooks/usePageTitle';
import { useReturnPath } from './LoginPage';

export const RegisterPage = () => {
  usePageTitle('Create an account');
  const { session, register } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const returnPath = useReturnPath();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = error instanceof ApiError ? error.fields : {};

  if (session && !busy) return <Navigate to={returnPath} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await register({
        name: String(data.get('name')).trim(),
        email: String(data.get('email')).trim(),
        password: String(data.get('password')),
      });
      await navigate(returnPath, { replace: true });
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 409
          ? 'An account with this email already exists. Log in instead?'
          : failure,
      );
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Create an account</h1>
      <form className="card form" data-testid="register-form" onSubmit={onSubmit} aria-busy={busy}>
        <TextField
          label="Name"
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          error={fields.name}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={fields.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          hint="At least 10 characters."
          error={fields.password}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="button button-block" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account?{' '}
        <Link to="/login" state={location.state}>
          Log in
        </Link>
      </p>
    </section>
  );
};
