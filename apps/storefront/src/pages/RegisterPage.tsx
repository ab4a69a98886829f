import type { Address } from '@shop/contracts';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthProvider';
import { AddressFields, cleanAddress, EMPTY_ADDRESS } from '../components/AddressFields';
import { ErrorMessage } from '../components/ErrorMessage';
import { PasswordField, TextField } from '../components/Field';
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
  const [withAddress, setWithAddress] = useState(false);
  const [shipping, setShipping] = useState<Address>(EMPTY_ADDRESS);
  const [billingSame, setBillingSame] = useState(true);
  const [billing, setBilling] = useState<Address>(EMPTY_ADDRESS);
  const fields = error instanceof ApiError ? error.fields : {};

  /** The addresses as the account takes them: none, or shipping and billing (the same or not). */
  const addresses = () => {
    if (!withAddress) return {};
    const shippingAddress = cleanAddress(shipping);
    return {
      shippingAddress,
      billingAddress: billingSame ? shippingAddress : cleanAddress(billing),
    };
  };

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
        ...addresses(),
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
        <PasswordField
          label="Password"
          name="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          hint="At least 10 characters."
          error={fields.password}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={withAddress}
            onChange={(event) => setWithAddress(event.target.checked)}
          />
          Save my address for checkout
        </label>
        {withAddress ? (
          <>
            <AddressFields
              legend="Shipping address"
              value={shipping}
              onChange={setShipping}
              errors={fields}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={billingSame}
                onChange={(event) => setBillingSame(event.target.checked)}
              />
              Billing address is the same
            </label>
            {billingSame ? null : (
              <AddressFields
                legend="Billing address"
                prefix="billingAddress"
                value={billing}
                onChange={setBilling}
                errors={fields}
              />
            )}
          </>
        ) : null}
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
