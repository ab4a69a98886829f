import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { confirmPasswordReset } from '../api/accounts';
import { ApiError } from '../api/client';
import { useLinkToken } from '../auth/linkToken';
import { ErrorMessage } from '../components/ErrorMessage';
import { PasswordField } from '../components/Field';
import { usePageTitle } from '../hooks/usePageTitle';

const SPENT_LINK =
  'This reset link is invalid, has expired or was already used. Ask for a new one below.';

/** Opened from the reset email: chooses the new password for the token in the link. */
export const ResetPasswordPage = () => {
  usePageTitle('Choose a new password');
  const token = useLinkToken();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(token ? null : SPENT_LINK);
  const [done, setDone] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get('password'));
    setBusy(true);
    setError(null);
    try {
      await confirmPasswordReset(token, password);
      setDone(true);
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 410 ? SPENT_LINK : failure);
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <section className="page narrow">
        <h1>Password changed</h1>
        <div className="card" data-testid="reset-done">
          <p className="alert alert-success" role="status">
            Your password was changed and every session signed out.
          </p>
          <p>
            <Link to="/login" className="button">
              Log in with your new password
            </Link>
          </p>
        </div>
      </section>
    );

  return (
    <section className="page narrow">
      <h1>Choose a new password</h1>
      <form className="card form" data-testid="reset-form" onSubmit={onSubmit} aria-busy={busy}>
        <PasswordField
          label="New password"
          name="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          hint="At least 10 characters."
          error={fields.password}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="button button-block" disabled={busy || !token}>
          {busy ? 'Saving…' : 'Set new password'}
        </button>
      </form>
      <p>
        <Link to="/forgot-password">Ask for a new reset link</Link>
      </p>
    </section>
  );
};
