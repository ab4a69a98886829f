import type { Caller } from '@shop/platform/caller';
import { createGatewaySimulator, type SimulatorOptions } from '../../src/domain/gateway.js';
import type { PaymentRecord } from '../../src/domain/model.js';
import type { PaymentDeps } from '../../src/domain/payments.js';
import { createMemoryPaymentStore } from '../fakes/memory-payment-store.js';
import { createFakeAccounts, createFakeOrders, createMemoryLedger } from '../fakes/memory-ports.js';
import { createOrderBook } from '../fakes/order-book.js';
import { DECLINED_CARD, GOOD_CARD, TIMEOUT_CARD } from '../fixtures.js';

export { DECLINED_CARD, GOOD_CARD, TIMEOUT_CARD };

/**
 * payment-service's domain against in-memory ports: payments_db (with its charge lock), the
 * gateway simulator over an in-memory ledger, order-service's order book and saved cards. The
 * clock can be moved forward (housekeeping's bound).
 */
export const paymentWorld = (simulator: Partial<SimulatorOptions> = {}) => {
  const book = createOrderBook();
  const orders = createFakeOrders(book);
  const accounts = createFakeAccounts();
  const payments = createMemoryPaymentStore();
  const ledger = createMemoryLedger();
  const clock = { offsetMs: 0 };
  const now = () => new Date(Date.now() + clock.offsetMs);
  const deps: PaymentDeps = {
    payments,
    orders,
    accounts,
    gateway: createGatewaySimulator(ledger, {
      failureRate: 0,
      timeoutRate: 0,
      latencyMs: 0,
      now,
      ...simulator,
    }),
    now,
    interruptedAfterMs: 20_000,
    lookupPausesMs: [0, 0, 0],
  };
  /** A customer with an order of `totalAmount` awaiting payment at order-service. */
  const customerWithOrder = (totalAmount = 2_500) => {
    const caller: Caller = { id: crypto.randomUUID(), role: 'CUSTOMER', tokenVersion: 0 };
    const order = book.place({ userId: caller.id, totalAmount });
    /** The charge request; `null`: no card given (the saved one is charged). */
    const body = (card: typeof GOOD_CARD | null = GOOD_CARD) => ({
      orderId: order.id,
      amount: order.totalAmount,
      currency: order.currency,
      ...(card ? { paymentMethod: card } : {}),
    });
    return { caller, order, body };
  };
  /** Moves the clock past housekeeping's bound for interrupted charges. */
  const later = () => {
    clock.offsetMs += deps.interruptedAfterMs + 1_000;
  };
  const eventsOf = (orderId: string) =>
    payments.outbox.filter((event) => event.orderId === orderId);
  const typesOf = (orderId: string) => eventsOf(orderId).map((event) => event.type);
  return {
    deps,
    book,
    orders,
    accounts,
    payments,
    ledger,
    customerWithOrder,
    later,
    eventsOf,
    typesOf,
  };
};

export type PaymentWorld = ReturnType<typeof paymentWorld>;

/** A stored payment of `overrides`' shape (SUCCEEDED by default), for the pure rules. */
export const aPayment = (overrides: Partial<PaymentRecord> = {}): PaymentRecord => {
  const now = new Date('2030-01-01T00:00:00Z');
  return {
    id: crypto.randomUUID(),
    orderId: crypto.randomUUID(),
    userId: crypto.randomUUID(),
    amount: 10_000,
    currency: 'USD',
    status: 'SUCCEEDED',
    attempt: 1,
    failureReason: null,
    card: { brand: 'visa', last4: '4242' },
    transactionId: 'sim_1',
    gatewayResponse: null,
    refundedAmount: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
};

/** The domain error a flow failed with (fails the test if it did not fail). */
export const failureOf = async (work: Promise<unknown>) =>
  await work.then(
    () => {
      throw new Error('expected the flow to fail');
    },
    (error: unknown) => error as Error & { status?: number; code?: string },
  );
