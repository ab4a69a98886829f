import { useState } from 'react';
import { getMe, resendVerificationEmail } from '../api/accounts';
import { useResource } from '../hooks/useResource';
import { ErrorMessage } from './ErrorMessage';

/**
 * "Email not verified — resend": shown to a signed-in user whose address is not confirmed yet.
 * Informative only: an unverified account browses and orders like any other.
 */
export const EmailVerificationNotice = () => {
  const account = useResource(getMe);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!account.data || account.data.emailVerified) return null;

  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      setSent((await resendVerificationEmail()).message);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="alert alert-info" data-testid="email-not-verified">
      <p>
        Your email address <strong>{account.data.email}</strong> is not verified yet. Open the link
        we emailed you to confirm it.
      </p>
      {sent ? (
        <p role="status">{sent}</p>
      ) : (
        <button type="button" className="button button-small" onClick={resend} disabled={busy}>
          {busy ? 'Sending…' : 'Resend verification email'}
        </button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
};
