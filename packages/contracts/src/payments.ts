import { z } from 'zod';
import { MAX_MINOR_UNITS } from './money.js';
import { IdempotencyKey } from './orders.js';
import {
  CardNumber,
  Currency,
  MinorUnits,
  PageLimit,
  Text,
  Timestamp,
  Uuid,
} from './primitives.js';

/**
 * PROCESSING: the gateway was asked and its answer is not recorded yet (it did not answer in
 * time, or the service stopped meanwhile); it is settled from the gateway's ledger within
 * seconds, never by charging again.
 */
export const PAYMENT_STATUSES = [
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
] as const;
export const PaymentStatus = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** An amount to charge or refund: at least one minor unit. */
const PositiveAmount = z
  .int({ error: 'must be an integer amount in minor units (cents)' })
  .min(1, { error: 'must be positive' })
  .max(MAX_MINOR_UNITS, { error: `must be at most ${MAX_MINOR_UNITS}` });

/** A card for one payment: Luhn-checked, never stored or logged (only brand and last 4 are kept). */
export const PaymentCardInput = z.strictObject({
  cardNumber: CardNumber,
  expMonth: z.int().min(1).max(12),
  expYear: z.int().min(2000).max(2100),
  holderName: Text(100),
  cvc: z
    .string()
    .regex(/^[0-9]{3,4}$/, { error: 'must be 3 or 4 digits' })
    .optional(),
});
export type PaymentCardInput = z.infer<typeof PaymentCardInput>;

export const CreatePaymentBody = z.strictObject({
  orderId: Uuid,
  amount: PositiveAmount,
  currency: Currency,
  /** Omitted: the card saved on the account is used. */
  paymentMethod: PaymentCardInput.optional(),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

export const RetryPaymentBody = z.strictObject({ paymentMethod: PaymentCardInput });

export const RefundBody = z.strictObject({
  amount: PositiveAmount.optional(),
  reason: Text(200),
});
export type RefundBody = z.infer<typeof RefundBody>;

/** Required on every payment write: a retry with the same key replays the first response. */
export const PaymentHeaders = z.object({ 'idempotency-key': IdempotencyKey });

export const Payment = z.object({
  id: Uuid,
  orderId: Uuid,
  userId: Uuid,
  amount: MinorUnits,
  currency: Currency,
  status: PaymentStatus,
  failureReason: z.string().nullable(),
  card: z.object({ brand: z.string(), last4: z.string() }),
  transactionId: z.string().nullable(),
  /**
   * The gateway's raw answer to the attempt that settled the payment (null while none has):
   * present for ADMIN only, never in a customer's view.
   */
  gatewayResponse: z.record(z.string(), z.unknown()).nullable().optional(),
  refundedAmount: MinorUnits,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Payment = z.infer<typeof Payment>;

export const PaymentIdParams = z.strictObject({ id: Uuid });
/**
 * A CUSTOMER lists the payments of one of their orders (`orderId` required). An ADMIN lists every
 * payment newest first, narrowed by any of `status`, `userId`, `orderId`, a page at a time.
 */
export const PaymentListQuery = z.strictObject({
  orderId: Uuid.optional(),
  status: PaymentStatus.optional(),
  userId: Uuid.optional(),
  limit: PageLimit,
  cursor: z.string().max(200).optional(),
});
export type PaymentListQuery = z.infer<typeof PaymentListQuery>;
export const PaymentList = z.object({
  payments: z.array(Payment),
  /** Continues the listing; null on the last page. */
  nextCursor: z.string().nullable(),
});
