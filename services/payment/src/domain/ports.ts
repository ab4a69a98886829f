import type { Order, PaymentAttemptBody, PaymentStatus } from '@shop/contracts';
import type { IdempotencyKeyStore } from '@shop/platform/idempotency';
import type {
  CardSummary,
  ChargeAttempt,
  ChargeRequest,
  GatewayResult,
  OrderChange,
  OrderState,
  PaymentChange,
  PaymentRecord,
} from './model.js';
import type { RefundDecision } from './refunds.js';

/** What the rules make of a running charge read under its order's lock (null: nothing to do). */
export type ChargeDecision = (current: PaymentRecord, order: OrderState) => PaymentChange | null;

/** What the rules make of an order and its charges, read under the order's lock. */
export type OrderDecision = (order: OrderState, charges: PaymentRecord[]) => OrderChange;

/**
 * payments_db. The store reads, locks and writes; the rules (domain/settlement.ts,
 * domain/refunds.ts) decide what is written, inside the store's transaction, from the rows it
 * read under the locks. Every transaction about an order's charges locks the order's row in
 * `payment_orders` first (lock order: data/order-lock.ts), so recording a charge and learning
 * that its order is cancelled are serialized and never miss each other. After a commit that
 * wrote events the store wakes the outbox relay.
 */
export interface PaymentStore {
  /** Inserts a PROCESSING payment (attempt 1) holding the order's charge lock; false if locked. */
  startCharge(payment: PaymentRecord): Promise<boolean>;
  /**
   * `previous` (FAILED) becomes `next` (PROCESSING, its next attempt, taking the order's charge
   * lock again); false if the charge lock is taken or the payment is no longer `previous`.
   */
  restartCharge(previous: PaymentRecord, next: PaymentRecord): Promise<boolean>;
  /**
   * Undoes a start the gateway never heard of (order-service refused the attempt): attempt 1 is
   * deleted, a retry goes back to `previous` (FAILED, its old card), with no event. Only while
   * the attempt is still PROCESSING.
   */
  abandonCharge(charge: ChargeAttempt, previous: PaymentRecord | null): Promise<void>;
  /**
   * Under the order's lock: reads the payment and the order, and writes what `decide` makes of
   * them (the payment, a refund, the events), all in one transaction. Returns the payment as it
   * then is.
   */
  recordCharge(charge: ChargeAttempt, decide: ChargeDecision): Promise<PaymentRecord>;
  find(paymentId: string): Promise<PaymentRecord | null>;
  listByOrder(orderId: string): Promise<PaymentRecord[]>;
  /** Newest first, `(createdAt, id)` after `after`, at most `limit` (data/payment-listing.ts). */
  listPage(
    filter: PaymentListFilter,
    limit: number,
    after: PaymentPosition | null,
  ): Promise<PaymentRecord[]>;
  /**
   * Under the payment's row lock only (no order lock: an ADMIN refund never waits for an order
   * row while holding a payment row): writes what `decide` makes of the payment.
   */
  refund(
    paymentId: string,
    decide: (payment: PaymentRecord) => RefundDecision,
  ): Promise<RefundDecision | { kind: 'not-found' }>;
  /**
   * Under the order's lock, with `eventId` claimed first when given (null: handled before,
   * nothing done): reads every charge of the order locked, and writes what `decide` makes of the
   * order (its `cancelledAt`) and of them, all in one transaction.
   */
  updateOrder(
    orderId: string,
    decide: OrderDecision,
    eventId?: string,
  ): Promise<OrderChange | null>;
  /** Orders known cancelled that still have a successful charge holding money (at most `limit`). */
  cancelledOrdersWithCharges(limit: number): Promise<string[]>;
  /** PROCESSING payments older than `before` (the process died while charging). */
  interruptedCharges(before: Date): Promise<PaymentRecord[]>;
}

/** Idempotency-Keys (the one mechanism of @shop/platform/idempotency), kept for a while. */
export interface IdempotencyStore extends IdempotencyKeyStore {
  /** Deletes keys created before `before` (a batch); returns how many. */
  purge(before: Date): Promise<number>;
}

/** order-service, asked with a SERVICE token. */
export interface Orders {
  get(orderId: string): Promise<Order | null>;
  /**
   * Registers a charge attempt before the gateway is asked: order-service checks owner, status
   * and total and freezes the order until the attempt fails. Throws its refusal (404/409/422) as
   * a domain error, or 503 when it cannot be reached.
   */
  registerAttempt(orderId: string, body: PaymentAttemptBody): Promise<void>;
}

/** account-service, asked with a SERVICE token. */
export interface Accounts {
  savedCard(userId: string): Promise<CardSummary | null>;
}

/**
 * The payment processor. Each charge attempt has an idempotency key (`attemptKey`): the processor
 * settles the outcome of a key once and answers every later call about it with that outcome.
 */
export interface Gateway {
  /**
   * Charges once per key: a repeated call returns the recorded result without charging again.
   * Throws `GatewayTimeoutError` (or any failure) when the caller cannot know the outcome.
   */
  authorize(attemptKey: string, request: ChargeRequest): Promise<GatewayResult>;
  /**
   * The recorded outcome of the attempt; one that never reached the gateway is voided by this
   * call (declined, `voided`), so a late authorize with the key gets the void, never a charge.
   */
  lookup(attemptKey: string): Promise<GatewayResult>;
}

/** The simulator's ledger: one entry per attempt key, written once. */
export interface LedgerEntry {
  approved: boolean;
  transactionId: string;
  declineReason: string | null;
  /** What was charged; null on a void. */
  request: ChargeRequest | null;
  createdAt: Date;
}

export interface GatewayLedger {
  find(attemptKey: string): Promise<LedgerEntry | null>;
  /** Writes `entry` unless the key has one already; returns the entry the key has now. */
  settle(attemptKey: string, entry: LedgerEntry): Promise<LedgerEntry>;
}

/** The ADMIN listing's filters; each one given narrows it. */
export interface PaymentListFilter {
  status?: PaymentStatus | undefined;
  userId?: string | undefined;
  orderId?: string | undefined;
}

/** The last payment of a page: the next page starts after it. */
export interface PaymentPosition {
  createdAt: Date;
  id: string;
}
