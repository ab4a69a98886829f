import type { DeadLetter } from '@shop/contracts';
import type {
  CartLine,
  Checkout,
  Hold,
  Item,
  Order,
  Payment,
  Snapshot,
} from '../../src/audit/snapshot.js';

/** The audit's clock in these tests. */
export const NOW = new Date('2026-11-30T12:00:00Z');
export const secondsAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

export const empty = (): Snapshot => ({
  items: [],
  holds: [],
  orders: [],
  orderOutbox: [],
  paymentOutbox: [],
  payments: [],
  checkouts: [],
  cartLines: [],
  deadLetters: [],
});

export const item = (id: string, overrides: Partial<Item> = {}): Item => ({
  id,
  inventory: { onHand: 8, reserved: 0, available: 8 },
  ledger: { initial: 10, adjusted: 0, committed: 2, restocked: 0 },
  reservations: [],
  ...overrides,
});

export const order = (id: string, overrides: Partial<Order> = {}): Order => ({
  id,
  userId: 'user-1',
  status: 'COMPLETED',
  totalAmount: 5_000,
  currency: 'USD',
  lines: [{ itemId: 'item-1', quantity: 2 }],
  expiresAt: new Date(NOW.getTime() + 600_000),
  updatedAt: secondsAgo(3_600),
  ...overrides,
});

export const hold = (orderId: string, overrides: Partial<Hold> = {}): Hold => ({
  orderId,
  status: 'COMMITTED',
  lines: [{ itemId: 'item-1', quantity: 2 }],
  updatedAt: secondsAgo(3_600),
  outbox: [],
  ...overrides,
});

export const payment = (orderId: string, overrides: Partial<Payment> = {}): Payment => ({
  id: `payment-of-${orderId}`,
  orderId,
  status: 'SUCCEEDED',
  amount: 5_000,
  currency: 'USD',
  refundedAmount: 0,
  refundTotal: 0,
  updatedAt: secondsAgo(3_600),
  ...overrides,
});

export const checkout = (orderId: string, overrides: Partial<Checkout> = {}): Checkout => ({
  orderId,
  userId: 'user-1',
  lines: [{ itemId: 'item-1', quantity: 2 }],
  completedAt: null,
  ...overrides,
});

export const cartLine = (itemId: string, overrides: Partial<CartLine> = {}): CartLine => ({
  userId: 'user-1',
  itemId,
  quantity: 1,
  ...overrides,
});

export const deadLetter = (id: string, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  id,
  topic: 'payment.events',
  originalPartition: 1,
  originalOffset: '41',
  reason: 'handler-failed',
  error: 'connect ECONNREFUSED',
  consumerGroup: 'item-service',
  deadLetteredAt: secondsAgo(600).toISOString(),
  eventType: 'PaymentSucceeded',
  eventId: 'event-1',
  orderId: 'order-1',
  state: 'pending',
  handledAt: null,
  note: null,
  ...overrides,
});

/**
 * A quiet shop where every invariant holds: one completed order (charged, stock committed) and
 * one cancelled order (refunded, stock restocked), the item's ledger explaining its stock.
 */
export const healthyShop = (): Snapshot => ({
  ...empty(),
  items: [
    item('item-1', {
      inventory: { onHand: 8, reserved: 0, available: 8 },
      ledger: { initial: 10, adjusted: 0, committed: 4, restocked: 2 },
    }),
  ],
  orders: [order('order-1'), order('order-2', { status: 'CANCELLED' })],
  holds: [hold('order-1'), hold('order-2', { status: 'RESTOCKED' })],
  payments: [
    payment('order-1'),
    payment('order-2', { status: 'REFUNDED', refundedAmount: 5_000, refundTotal: 5_000 }),
  ],
  checkouts: [checkout('order-1', { completedAt: secondsAgo(3_500) })],
  cartLines: [cartLine('item-1')],
  deadLetters: [deadLetter('payment.events.dlq:1:4', { state: 'replayed' })],
});
