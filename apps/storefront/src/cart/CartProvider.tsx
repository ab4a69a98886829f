import type { Cart } from '@shop/contracts';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { getCart } from '../api/cart';
import { useAuth } from '../auth/AuthProvider';

type CartState = {
  cart: Cart | null;
  /** Every cart call answers with the whole cart: pages hand it over here. */
  setCart: (cart: Cart | null) => void;
  reload: () => Promise<Cart | null>;
};

const CartContext = createContext<CartState | null>(null);

/** The logged-in user's cart, shared so the header count follows every change. */
export const CartProvider = ({ children }: { children: ReactNode }) => {
  const { session } = useAuth();
  const userId = session?.claims.sub;
  const [cart, setCart] = useState<Cart | null>(null);

  const reload = useCallback(async () => {
    if (!userId) return null;
    const fresh = await getCart();
    setCart(fresh);
    return fresh;
  }, [userId]);

  useEffect(() => {
    setCart(null);
    // The count in the header is a convenience: a failure here is shown on the cart page.
    reload().catch(() => undefined);
  }, [reload]);

  const value = useMemo(() => ({ cart, setCart, reload }), [cart, reload]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
};

export const useCart = (): CartState => {
  const state = useContext(CartContext);
  if (!state) throw new Error('useCart needs a <CartProvider>');
  return state;
};
