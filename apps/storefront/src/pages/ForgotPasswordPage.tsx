import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { requestPasswordReset } from '../api/accounts';
import { ErrorMessage } from '../components/ErrorMessage';
import { TextField } from '../components/Field';
import { usePageTitle } from '../hooks/usePageTitle';

/** Asks for a reset link; the answer is the same whether or not an account has the email. */
export const ForgotPasswordPage = () => {
  usePageTitle('Forgot your password?');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get('email')).trim();
    setBusy(true);
    setError(null);
    try {
      setSent((await requestPasswordReset(email)).message);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page narrow">
      <h1>Forgot your password?</h1>
      {sent ? (
        <div className="card" data-testid="reset-requested">
          <p className="alert alert-info" role="status">
            {sent}
          </p>
          <p>Check your inbox and open the link within 30 minutes.</p>
          <p>
            <Link to="/login">Back to log in</Link>
          </p>
        </div>
      ) : (
        <form className="card form" data-testid="forgot-form" onSubmit={onSubmit} aria-busy={busy}>
          <p>
            Enter the email address of your account and we will send you a link to choose a new
            password.
          </p>
          <TextField label="Email" name="email" type="email" autoComplete="email" required />
          <ErrorMessage error={error} />
          <button type="submit" className="button button-block" disabled={busy}>
            {busy ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
    </section>
  );
};
