import type { Address, Order } from '@shop/contracts';

/** A line as stored: what the customer chose, nothing the catalog owns. */
export interface StoredLine {
  itemId: string;
  quantity: number;
  currency: string;
  addedAt: Date;
}

export interface StoredCart {
  userId: string;
  /** 0 for a user who never had a cart. */
  version: number;
  updatedAt: Date | null;
  /** Oldest first. */
  lines: StoredLine[];
}

/** One change of one line (or of the whole cart), decided by the domain under the cart's lock. */
export type CartChange =
  | { kind: 'set'; itemId: string; quantity: number; currency: string }
  | { kind: 'remove'; itemId: string }
  | { kind: 'clear' };

/** A line an order bought: item and quantity. */
export interface CheckoutLine {
  itemId: string;
  quantity: number;
}

export interface Checkout {
  orderId: string;
  userId: string;
  cartVersion: number;
  lines: CheckoutLine[];
  createdAt: Date;
}

export interface CartStore {
  find(userId: string): Promise<StoredCart>;
  /**
   * Locks the user's cart, asks `decide` for the change (it may throw to refuse), applies it
   * and bumps the version, all in one transaction. Returns the cart after the change.
   */
  change(userId: string, now: Date, decide: (cart: StoredCart) => CartChange): Promise<StoredCart>;
  /** Remembers an order placed from the cart and moves the cart past that version. */
  recordCheckout(checkout: Checkout): Promise<void>;
  /**
   * Once per event id and per order, in one transaction: claims the event id, finds the open
   * checkout of the order, locks its user's cart, applies the changes `decide` returns, bumps
   * the version and closes the checkout. False (and no change) when the event id was seen
   * before or the order has no open checkout (completed already, or not placed from a cart).
   */
  completeCheckout(
    orderId: string,
    eventId: string,
    now: Date,
    decide: (cart: StoredCart, checkout: Checkout) => CartChange[],
  ): Promise<boolean>;
}

/** What the cart needs to know about an item, read live from item-service. */
export interface CatalogItem {
  id: string;
  name: string;
  upc: string;
  unitPrice: number;
  currency: string;
  picture: string | null;
  available: number;
}

export interface Catalog {
  /** The live items among `ids`; unknown or deleted ones are absent. Throws when unreachable. */
  items(ids: string[]): Promise<Map<string, CatalogItem>>;
}

export interface OrderRequest {
  items: { itemId: string; quantity: number }[];
  shippingAddress?: Address | undefined;
}

export interface Orders {
  /**
   * Places the order at order-service as the customer (`credentials` is their own bearer
   * token), so order-service applies its own ownership and idempotency rules.
   */
  place(credentials: string, request: OrderRequest, idempotencyKey: string): Promise<Order>;
}

export interface CartDeps {
  carts: CartStore;
  catalog: Catalog;
  orders: Orders;
  now: () => Date;
}
