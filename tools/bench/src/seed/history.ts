import type { OrderLine, ShopEvent } from '@shop/contracts';
import type { HoldRecord } from '@shop/item-service/history';
import {
  type NotificationRecord,
  newNotification,
  orderCancelled,
  orderCompleted,
} from '@shop/notification-service/history';
import {
  cancelledEvent,
  completedEvent,
  createdEvent,
  newOrderRecord,
  type OrderRecord,
  paidEvent,
} from '@shop/order-service/history';

/**
 * One customer's finished order as the three services would have left it: the order (with the
 * events order-service announced, all published), its stock hold, and the email about its end
 * (sent). Built with the services' own domain builders, so the shapes are theirs.
 */
export interface SeededOrder {
  order: OrderRecord;
  events: ShopEvent[];
  hold: HoldRecord;
  notification: NotificationRecord;
}

/** What one seeding run shares: its customers and catalogue (made up, no item of the catalog). */
export interface SeedRun {
  total: number;
  customers: string[];
  items: Omit<OrderLine, 'quantity' | 'lineTotal'>[];
  now: Date;
}

const SECOND = 1_000;
const DAY = 86_400 * SECOND;
/** History spans this many days before yesterday, so no seeded time falls in a bench run. */
export const HISTORY_DAYS = 180;
/** The service's default payment deadline: a cancelled order lapsed at it. */
const DEADLINE_SECONDS = 900;
const ORDERS_PER_CUSTOMER = 20;
const CATALOGUE_SIZE = 50;

/** A run's customers and items: fresh ids each run, so a second run adds to the first. */
export const newSeedRun = (total: number, now = new Date()): SeedRun => ({
  total,
  now,
  customers: Array.from({ length: Math.max(1, Math.ceil(total / ORDERS_PER_CUSTOMER)) }, () =>
    crypto.randomUUID(),
  ),
  items: Array.from({ length: CATALOGUE_SIZE }, (_, k) => ({
    itemId: crypto.randomUUID(),
    upc: `SEED${String(k).padStart(8, '0')}`,
    name: `Seeded item ${k}`,
    unitPrice: 199 + k * 100,
  })),
});

/** Seven in ten completed, the rest cancelled at the payment deadline. */
export const isCompleted = (index: number) => index % 10 < 7;

const at = <E extends ShopEvent>(event: E, time: Date): E => ({
  ...event,
  occurredAt: time.toISOString(),
});

const linesOf = (run: SeedRun, index: number): OrderLine[] =>
  Array.from({ length: 1 + (index % 3) }, (_, j) => {
    const item = run.items[(index * 7 + j) % run.items.length] ?? run.items[0];
    if (!item) throw new Error('a seed run needs items');
    const quantity = 1 + ((index + j) % 3);
    return { ...item, quantity, lineTotal: item.unitPrice * quantity };
  });

/** Spread evenly over the history, newest first, never later than a day ago. */
export const createdAtOf = (run: SeedRun, index: number) =>
  new Date(run.now.getTime() - DAY - Math.floor(((index + 0.5) * HISTORY_DAYS * DAY) / run.total));

const newOrder = (run: SeedRun, index: number) => {
  const items = linesOf(run, index);
  return newOrderRecord({
    id: crypto.randomUUID(),
    userId: run.customers[index % run.customers.length] ?? crypto.randomUUID(),
    priced: {
      items,
      totalAmount: items.reduce((sum, line) => sum + line.lineTotal, 0),
      currency: 'USD',
    },
    shippingAddress: null,
    now: createdAtOf(run, index),
    paymentDeadlineSeconds: DEADLINE_SECONDS,
  });
};

const holdOf = (order: OrderRecord, end: Partial<HoldRecord>): HoldRecord => ({
  orderId: order.id,
  status: 'COMMITTED',
  lines: order.items.map(({ itemId, quantity }) => ({ itemId, quantity })),
  previousLines: null,
  releaseReason: null,
  commitAfterHold: false,
  generation: 0,
  handledEvents: [],
  expiresAt: new Date(order.createdAt.getTime() + (DEADLINE_SECONDS + 300) * SECOND),
  createdAt: order.createdAt,
  updatedAt: order.updatedAt,
  ...end,
});

/** The email about the order's last event, sent two seconds after it. */
const sentEmail = (notification: NotificationRecord): NotificationRecord => {
  const sentAt = new Date(notification.createdAt.getTime() + 2 * SECOND);
  return {
    ...notification,
    status: 'SENT',
    attempts: 1,
    to: `customer-${notification.userId.slice(0, 8)}@bench.example`,
    sentAt,
    updatedAt: sentAt,
  };
};

/** Paid a minute after it was placed, its stock committed and the order completed at once. */
const completed = (placed: OrderRecord): SeededOrder => {
  const paidAt = new Date(placed.createdAt.getTime() + 60 * SECOND);
  const doneAt = new Date(paidAt.getTime() + 2 * SECOND);
  const paymentId = crypto.randomUUID();
  const order: OrderRecord = {
    ...placed,
    status: 'COMPLETED',
    paymentStatus: 'SUCCEEDED',
    paymentId,
    updatedAt: doneAt,
    version: 3,
  };
  const done = at(completedEvent(order), doneAt);
  return {
    order,
    events: [
      at(createdEvent(placed), placed.createdAt),
      at(paidEvent(order, paymentId), paidAt),
      done,
    ],
    hold: holdOf(order, { status: 'COMMITTED' }),
    notification: sentEmail(newNotification(done, orderCompleted, doneAt)),
  };
};

/**
 * Never paid: cancelled at its deadline. Its hold was released by the cancel, or (one in three)
 * is still EXPIRED, as its deadline left it before the cancel reached item-service.
 */
const cancelled = (placed: OrderRecord, index: number): SeededOrder => {
  const order: OrderRecord = {
    ...placed,
    status: 'CANCELLED',
    cancelReason: 'payment_timeout',
    updatedAt: placed.expiresAt,
    version: 2,
  };
  const cancel = at(cancelledEvent(placed, 'payment_timeout'), placed.expiresAt);
  const expired = index % 10 === 9;
  return {
    order,
    events: [at(createdEvent(placed), placed.createdAt), cancel],
    hold: holdOf(order, {
      status: expired ? 'EXPIRED' : 'RELEASED',
      releaseReason: expired ? 'expired' : 'cancelled',
    }),
    notification: sentEmail(newNotification(cancel, orderCancelled, placed.expiresAt)),
  };
};

/** The index-th order of the run (0 is the newest). */
export const seededOrder = (run: SeedRun, index: number): SeededOrder => {
  const placed = newOrder(run, index);
  return isCompleted(index) ? completed(placed) : cancelled(placed, index);
};
