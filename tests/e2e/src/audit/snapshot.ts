import type { DeadLetter } from '@shop/contracts';

/**
 * What the audit reads from every store of the saga (and Kafka), in plain values: the checks
 * (checks*.ts) are pure functions of it, so they are tested without any engine.
 */
export interface Line {
  itemId: string;
  quantity: number;
}

export interface Item {
  id: string;
  inventory: { onHand: number; reserved: number; available: number };
  ledger: { initial: number; adjusted: number; committed: number; restocked: number } | null;
  /** Reservation entries per order (their quantities must add up to `reserved`). */
  reservations: number[];
}

/** item-service's stock hold of one order (MongoDB `holds`). */
export interface Hold {
  orderId: string;
  status: string;
  lines: Line[];
  updatedAt: Date | null;
  /** When each of its unpublished events was written. */
  outbox: Date[];
}

/** order-service's order (Cassandra `orders`, static columns). */
export interface Order {
  id: string;
  userId: string;
  status: string;
  totalAmount: number;
  currency: string;
  lines: Line[];
  expiresAt: Date;
  updatedAt: Date | null;
}

/** payment-service's payment with the sum of its refund rows (MySQL `payments`, `refunds`). */
export interface Payment {
  id: string;
  orderId: string;
  status: string;
  amount: number;
  currency: string;
  refundedAmount: number;
  refundTotal: number;
  updatedAt: Date;
}

/** cart-service's record of an order placed from a cart: the lines it bought. */
export interface Checkout {
  orderId: string;
  userId: string;
  lines: Line[];
  /** Set when OrderCompleted took the bought lines out of the cart. */
  completedAt: Date | null;
}

export interface CartLine {
  userId: string;
  itemId: string;
  quantity: number;
}

export interface Snapshot {
  items: Item[];
  holds: Hold[];
  orders: Order[];
  /** order-service's outbox hints: an order event written, not yet published. */
  orderOutbox: { orderId: string; createdAt: Date }[];
  /** payment-service's unpublished outbox rows. */
  paymentOutbox: { eventId: string; createdAt: Date }[];
  payments: Payment[];
  checkouts: Checkout[];
  cartLines: CartLine[];
  /** Every dead letter of the saga's `.dlq` topics, with its state. */
  deadLetters: DeadLetter[];
}
