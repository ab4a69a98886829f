import type { Address, Cart, Order } from '@shop/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { getMe } from '../api/accounts';
import { checkout } from '../api/cart';
import { ApiError } from '../api/client';
import { AttemptKeys } from '../idempotency';
import { formatMoney } from '../money';
import { AddressFields, cleanAddress, EMPTY_ADDRESS } from './AddressFields';
import { ErrorMessage } from './ErrorMessage';

type Props = { cart: Cart; onOrdered: (order: Order) => void };

/** Places the order: order-service prices the cart and reserves its stock until payment. */
export const CheckoutForm = ({ cart, onOrdered }: Props) => {
  const [ship, setShip] = useState(false);
  const [address, setAddress] = useState<Address>(EMPTY_ADDRESS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const keys = useRef(new AttemptKeys());

  // Start from the address saved on the account, when there is one.
  useEffect(() => {
    getMe()
      .then((account) => {
        if (account.shippingAddress) {
          setAddress(account.shippingAddress);
          setShip(true);
        }
      })
      .catch(() => undefined); // typing an address by hand still works
  }, []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const shippingAddress = ship ? cleanAddress(address) : undefined;
    // The cart version is part of the attempt: a changed cart is a new order, not a retry.
    const key = keys.current.keyFor({ version: cart.version, shippingAddress });
    setBusy(true);
    setError(null);
    try {
      const order = await checkout(key, shippingAddress);
      keys.current.settle();
      onOrdered(order);
    } catch (failure) {
      keys.current.settle(failure);
      setError(failure);
      setBusy(false);
    }
  };

  const blocked = !cart.readyForCheckout;
  return (
    <form className="card form checkout-form" onSubmit={onSubmit} aria-labelledby="checkout-title">
      <h2 id="checkout-title">Checkout</h2>
      <p className="summary-row">
        <span>Subtotal</span>
        <strong data-testid="cart-subtotal">{formatMoney(cart.subtotal, cart.currency)}</strong>
      </p>
      <p className="muted small">
        The order takes today’s prices; you pay on the next page. Items stay reserved for you until
        the payment deadline.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={ship} onChange={(event) => setShip(event.target.checked)} />
        Ship to an address
      </label>
      {ship ? (
        <AddressFields
          legend="Shipping address"
          value={address}
          onChange={setAddress}
          errors={error instanceof ApiError ? error.fields : {}}
        />
      ) : null}
      <ErrorMessage error={error} />
      {blocked ? (
        <p className="alert alert-warning" id="checkout-blocked">
          Some lines cannot be bought as they are. Fix the highlighted lines to check out.
        </p>
      ) : null}
      <button
        type="submit"
        className="button button-block"
        data-testid="checkout-button"
        disabled={busy || blocked || cart.items.length === 0}
        aria-describedby={blocked ? 'checkout-blocked' : undefined}
      >
        {busy ? 'Placing your order…' : 'Place order'}
      </button>
    </form>
  );
};
