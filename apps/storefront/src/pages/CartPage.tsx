import type { Order } from '@shop/contracts';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { removeLine, setLineQuantity } from '../api/cart';
import { useToLogin } from '../auth/useToLogin';
import { useCart } from '../cart/CartProvider';
import { useAnnounce } from '../components/Announcer';
import { CartLineRow } from '../components/CartLineRow';
import { CheckoutForm } from '../components/CheckoutForm';
import { ErrorMessage } from '../components/ErrorMessage';
import { usePageTitle } from '../hooks/usePageTitle';

export const CartPage = () => {
  usePageTitle('Your cart');
  const { cart, setCart, reload } = useCart();
  const { ifUnauthorized } = useToLogin();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Line statuses are computed live from the catalog: read them fresh on every visit.
  useEffect(() => {
    reload().catch((failure: unknown) => {
      if (!ifUnauthorized(failure)) setError(failure);
    });
  }, [reload, ifUnauthorized]);

  const change = async (action: () => Promise<typeof cart>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      setCart(await action());
      announce(done);
    } catch (failure) {
      if (!ifUnauthorized(failure)) setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const onOrdered = (order: Order) => {
    announce('Order placed. Now pay for it.');
    void navigate(`/orders/${order.id}`);
  };

  if (!cart) {
    return (
      <section className="page">
        <h1>Your cart</h1>
        {error ? <ErrorMessage error={error} /> : <p>Loading your cart…</p>}
      </section>
    );
  }

  return (
    <section className="page">
      <h1>Your cart</h1>
      <ErrorMessage error={error} />
      {cart.items.length === 0 ? (
        <div className="empty-state card">
          <p>Your cart is empty.</p>
          <Link to="/" className="button">
            Browse the catalog
          </Link>
        </div>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" aria-label="Items in your cart">
            {cart.items.map((line) => (
              <CartLineRow
                key={line.itemId}
                line={line}
                busy={busy}
                onQuantity={(itemId, quantity) =>
                  change(() => setLineQuantity(itemId, quantity), `Quantity set to ${quantity}`)
                }
                onRemove={(itemId) => change(() => removeLine(itemId), 'Removed from your cart')}
              />
            ))}
          </ul>
          <CheckoutForm cart={cart} onOrdered={onOrdered} />
        </div>
      )}
    </section>
  );
};
