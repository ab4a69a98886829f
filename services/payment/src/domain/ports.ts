import type { Order, PaymentAttemptBody, ShopEvent } from '@shop/contracts';
import type {
  CardSummary,
  ChargeAttempt,
  ChargeRequest,
  GatewayResult,
  PaymentRecord,
} from './model.js';

export interface RefundRequest {
  refundId: string;
  /** Omitted: everything not yet refunded. */
  amount?: number | undefined;
  reason: string;
}

export type RefundOutcome =
  | { kind: 'refunded'; payment: PaymentRecord; refundAmount: number }
  | { kind: 'nothing-to-refund' | 'exceeds' | 'not-found' };

/** The events a recorded charge announces: its result, and a refund if its order is cancelled. */
export interface ChargeEvents {
  result: (payment: PaymentRecord) => ShopEvent;
  refunded: RefundEvent;
}

/**
 * payments_db. Every transaction about an order's charges locks the order's row in
 * `payment_orders` first (lock order: data/order-lock.ts), so recording a charge and learning
 * that its order is cancelled are serialized and never miss each other.
 */
export interface PaymentStore {
  /** Inserts a PROCESSING payment (attempt 1) holding the order's charge lock; false if locked. */
  startCharge(payment: PaymentRecord): Promise<boolean>;
  /**
   * Moves a FAILED payment back to PROCESSING with a new card as its next attempt; null if the
   * order's charge lock is taken or the payment is no longer FAILED.
   */
  restartCharge(
    payment: PaymentRecord,
    card: CardSummary,
    now: Date,
  ): Promise<PaymentRecord | null>;
  /**
   * Undoes a start the gateway never heard of (order-service refused the attempt): attempt 1 is
   * deleted, a retry goes back to `previous` (FAILED, its old card), with no event. Only while
   * the attempt is still PROCESSING.
   */
  abandonCharge(charge: ChargeAttempt, previous: PaymentRecord | null): Promise<void>;
  /**
   * Records the gateway's answer for `charge` with its event, in one transaction; if the order
   * is known cancelled, an approved charge is refunded in that same transaction. Applies only if
   * the payment is still PROCESSING that attempt; returns the payment as it then is.
   */
  recordCharge(
    charge: ChargeAttempt,
    result: GatewayResult,
    events: ChargeEvents,
    now: Date,
  ): Promise<PaymentRecord>;
  find(paymentId: string): Promise<PaymentRecord | null>;
  listByOrder(orderId: string): Promise<PaymentRecord[]>;
  refund(
    paymentId: string,
    request: RefundRequest,
    event: RefundEvent,
    now: Date,
  ): Promise<RefundOutcome>;
  /**
   * OrderCancelled, in one transaction: remembers the order as cancelled and refunds what every
   * successful charge of it still holds. Returns false if `eventId` was handled before.
   */
  refundCancelledOrder(
    eventId: string,
    orderId: string,
    event: RefundEvent,
    now: Date,
  ): Promise<boolean>;
  /** Orders known cancelled that still have a successful charge holding money (at most `limit`). */
  cancelledOrdersWithCharges(limit: number): Promise<string[]>;
  /** Refunds what the charges of a cancelled order still hold, under its lock; how many refunds. */
  refundChargesOfCancelledOrder(orderId: string, event: RefundEvent, now: Date): Promise<number>;
  /** PROCESSING payments older than `before` (the process died while charging). */
  interruptedCharges(before: Date): Promise<PaymentRecord[]>;
}

export type RefundEvent = (
  payment: PaymentRecord,
  refundId: string,
  refundAmount: number,
  reason: string,
) => ShopEvent;

export type IdempotentStart =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

export interface IdempotencyStore {
  begin(
    scope: { userId: string; scope: string; key: string },
    requestHash: string,
    now: Date,
  ): Promise<IdempotentStart>;
  complete(
    scope: { userId: string; scope: string; key: string },
    status: number,
    body: unknown,
  ): Promise<void>;
  /** Forgets a request that failed unexpectedly, so that a retry runs it again. */
  abandon(scope: { userId: string; scope: string; key: string }): Promise<void>;
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
