import { createEvent, type EventOfType } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import type { Logger } from '@shop/platform/log';
import { MemoryIdempotencyKeyStore } from '@shop/testing/memory-idempotency';
import type { OrderDeps, SagaDeps } from '../../../src/domain/deps.js';
import type { OrderRecord } from '../../../src/domain/model.js';
import { FakeInventory } from './inventory.js';
import { MemoryOrderStore } from './order-store.js';

export const T0 = new Date('2030-01-01T12:00:00.000Z');

/** A clock the test moves. */
export const clock = (start = T0) => {
  let now = start.getTime();
  const read = () => new Date(now);
  return Object.assign(read, { advance: (ms: number) => (now += ms) });
};

/** An unpaid order of one line (2 × 1 000 USD), made up for a test. */
export const anOrder = (overrides: Partial<OrderRecord> = {}): OrderRecord => ({
  id: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  status: 'PENDING_PAYMENT',
  items: [
    {
      itemId: crypto.randomUUID(),
      upc: '036000291452',
      name: 'Lamp',
      unitPrice: 1_000,
      quantity: 2,
      lineTotal: 2_000,
    },
  ],
  totalAmount: 2_000,
  currency: 'USD',
  shippingAddress: null,
  paymentStatus: 'NONE',
  paymentId: null,
  cancelReason: null,
  stockCommitted: false,
  paymentAttempt: null,
  expiresAt: new Date(T0.getTime() + 900_000),
  createdAt: T0,
  updatedAt: T0,
  version: 1,
  ...overrides,
});

export const customer = (id = crypto.randomUUID()): Caller => ({
  id,
  role: 'CUSTOMER',
  tokenVersion: 0,
});
export const admin = (): Caller => ({ id: crypto.randomUUID(), role: 'ADMIN', tokenVersion: 0 });

/** A logger that keeps its lines, so a test can see what was logged. */
export const memoryLogger = () => {
  const lines: { level: string; fields: object; message?: string | undefined }[] = [];
  const at =
    (level: string) =>
    (fields: object | string, message?: string): void => {
      if (typeof fields === 'string') lines.push({ level, fields: {}, message: fields });
      else lines.push({ level, fields, message });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return Object.assign(logger, { lines });
};

/** The domain over in-memory ports: the stores and item-service are the test's to inspect. */
export const memoryDeps = (now = clock()) => {
  const orders = new MemoryOrderStore();
  const idempotency = new MemoryIdempotencyKeyStore();
  const inventory = new FakeInventory();
  const logger = memoryLogger();
  const deps: OrderDeps & SagaDeps = {
    orders,
    idempotency,
    inventory,
    now,
    paymentDeadlineSeconds: 900,
    logger,
  };
  return { deps, orders, idempotency, inventory, logger, now };
};

export const paymentSucceeded = (
  order: OrderRecord,
  data: Partial<EventOfType<'PaymentSucceeded'>['data']> = {},
) =>
  createEvent('PaymentSucceeded', {
    orderId: order.id,
    source: 'payment-service',
    data: {
      paymentId: crypto.randomUUID(),
      userId: order.userId,
      amount: order.totalAmount,
      currency: order.currency,
      transactionId: 'sim_1',
      card: { brand: 'visa', last4: '4242' },
      ...data,
    },
  });

export const paymentFailed = (
  order: OrderRecord,
  data: Partial<EventOfType<'PaymentFailed'>['data']> = {},
) =>
  createEvent('PaymentFailed', {
    orderId: order.id,
    source: 'payment-service',
    data: {
      paymentId: crypto.randomUUID(),
      userId: order.userId,
      amount: order.totalAmount,
      currency: order.currency,
      reason: 'card_declined',
      ...data,
    },
  });

export const inventoryCommitted = (order: OrderRecord, lines = order.items) =>
  createEvent('InventoryCommitted', {
    orderId: order.id,
    source: 'item-service',
    data: { lines: lines.map(({ itemId, quantity }) => ({ itemId, quantity })) },
  });

export const inventoryCommitFailed = (order: OrderRecord) =>
  createEvent('InventoryCommitFailed', {
    orderId: order.id,
    source: 'item-service',
    data: { reason: 'insufficient_stock', shortLines: [] },
  });

export const paymentRefunded = (order: OrderRecord, fullyRefunded = true) =>
  createEvent('PaymentRefunded', {
    orderId: order.id,
    source: 'payment-service',
    data: {
      paymentId: order.paymentId ?? crypto.randomUUID(),
      userId: order.userId,
      amount: order.totalAmount,
      currency: order.currency,
      refundId: crypto.randomUUID(),
      refundAmount: fullyRefunded ? order.totalAmount : 1,
      refundedAmount: fullyRefunded ? order.totalAmount : 1,
      fullyRefunded,
      reason: 'order_cancelled',
    },
  });
