import type { Order, ShopEvent } from '@shop/contracts';
import type { CardSummary, GatewayResult, PaymentRecord } from './model.js';

export interface RefundRequest {
  refundId: string;
  /** Omitted: everything not yet refunded. */
  amount?: number | undefined;
  reason: string;
}

export type RefundOutcome =
  | { kind: 'refunded'; payment: PaymentRecord; refundAmount: number }
  | { kind: 'nothing-to-refund' | 'exceeds' | 'not-found' };

export interface PaymentStore {
  /** Inserts a PROCESSING payment holding the order's charge lock; false if the order is locked. */
  startCharge(payment: PaymentRecord): Promise<boolean>;
  /** Moves a FAILED payment back to PROCESSING with a new card; false if the order is locked. */
  restartCharge(paymentId: string, card: CardSummary, now: Date): Promise<boolean>;
  /** Records the gateway's answer and its event in one transaction; a decline frees the lock. */
  finishCharge(
    paymentId: string,
    result: GatewayResult,
    event: (payment: PaymentRecord) => ShopEvent,
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
  isOrderCancelled(orderId: string): Promise<boolean>;
  /** PROCESSING payments older than `before` (the process died while asking the gateway). */
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
}

/** account-service, asked with a SERVICE token. */
export interface Accounts {
  savedCard(userId: string): Promise<CardSummary | null>;
}

export interface Gateway {
  authorize(request: {
    amount: number;
    currency: string;
    card: CardSummary;
  }): Promise<GatewayResult>;
}
