import { useState } from 'react';
import { Link } from 'react-router';
import { addToCart } from '../api/cart';
import { useAuth } from '../auth/AuthProvider';
import { useToLogin } from '../auth/useToLogin';
import { useCart } from '../cart/CartProvider';
import { useAnnounce } from './Announcer';
import { ErrorMessage } from './ErrorMessage';

type Props = { itemId: string; name: string; available: number; quantity?: number };

/** Adds units to the cart; a visitor who is not logged in is asked to log in first. */
export const AddToCartButton = ({ itemId, name, available, quantity = 1 }: Props) => {
  const { session } = useAuth();
  const { toLogin, ifUnauthorized } = useToLogin();
  const { setCart } = useCart();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const soldOut = available <= 0;

  const add = async () => {
    if (!session) {
      await toLogin();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCart(await addToCart(itemId, quantity));
      setAdded(true);
      announce(`${quantity} × ${name} added to your cart`);
    } catch (failure) {
      if (!ifUnauthorized(failure)) setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="add-to-cart">
      <button
        type="button"
        className="button"
        data-testid="add-to-cart"
        disabled={soldOut || busy}
        aria-label={soldOut ? `${name} is out of stock` : `Add ${name} to cart`}
        onClick={add}
      >
        {soldOut ? 'Out of stock' : busy ? 'Adding…' : 'Add to cart'}
      </button>
      {added && !error ? (
        <p className="added-note">
          Added. <Link to="/cart">View cart</Link>
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
};
