import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { verifyEmail } from '../api/accounts';
import { ApiError, errorMessage } from '../api/client';
import { useLinkToken } from '../auth/linkToken';
import { usePageTitle } from '../hooks/usePageTitle';

type Outcome = { kind: 'checking' } | { kind: 'verified' } | { kind: 'failed'; message: string };

const SPENT_LINK =
  'This verification link is invalid, has expired or was already used. Signed in, you can ask for a new one on your orders page.';

/** Opened from the verification email: confirms the address with the token in the link. */
export const VerifyEmailPage = () => {
  usePageTitle('Confirm your email address');
  const token = useLinkToken();
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'checking' });
  // The token is single-use: StrictMode's second effect must not spend it again (and show 410).
  const sentFor = useRef<string | null>(null);

  useEffect(() => {
    if (!token) {
      setOutcome({ kind: 'failed', message: SPENT_LINK });
      return;
    }
    if (sentFor.current === token) return;
    sentFor.current = token;
    verifyEmail(token)
      .then(() => setOutcome({ kind: 'verified' }))
      .catch((failure: unknown) =>
        setOutcome({
          kind: 'failed',
          message:
            failure instanceof ApiError && failure.status === 410
              ? SPENT_LINK
              : errorMessage(failure),
        }),
      );
  }, [token]);

  return (
    <section className="page narrow">
      <h1>Confirm your email address</h1>
      <div className="card" data-testid="verify-email" aria-busy={outcome.kind === 'checking'}>
        {outcome.kind === 'checking' ? <p role="status">Checking your link…</p> : null}
        {outcome.kind === 'verified' ? (
          <p className="alert alert-success" role="status">
            Thank you: your email address is confirmed.
          </p>
        ) : null}
        {outcome.kind === 'failed' ? (
          <p className="alert alert-danger" role="alert">
            {outcome.message}
          </p>
        ) : null}
        <p>
          <Link to="/">Continue shopping</Link>
        </p>
      </div>
    </section>
  );
};
