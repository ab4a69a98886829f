import { z } from 'zod';
import { Currency, MinorUnits, Uuid } from '../primitives.js';
import { defineEvent } from './envelope.js';

export const CardSummary = z.object({ brand: z.string(), last4: z.string().regex(/^\d{4}$/) });
export type CardSummary = z.infer<typeof CardSummary>;

const PaymentFacts = z.object({
  paymentId: Uuid,
  userId: Uuid,
  amount: MinorUnits,
  currency: Currency,
});

/**
 * Which charge attempt of the payment this is (1, then 2, … for each retry with a new card):
 * order-service registered it before the gateway was asked (`POST /orders/{id}/payment-attempts`)
 * and only the outcome of that attempt releases the order. Absent in events written before.
 */
const ChargeAttempt = z.int().min(1).optional();

export const PaymentSucceeded = defineEvent(
  'PaymentSucceeded',
  PaymentFacts.extend({
    transactionId: z.string().min(1),
    card: CardSummary,
    attempt: ChargeAttempt,
  }),
);
export const PaymentFailed = defineEvent(
  'PaymentFailed',
  PaymentFacts.extend({ reason: z.string().min(1), attempt: ChargeAttempt }),
);
export const PaymentRefunded = defineEvent(
  'PaymentRefunded',
  PaymentFacts.extend({
    refundId: Uuid,
    /** This refund; `amount` stays the original charge. */
    refundAmount: MinorUnits,
    /** Sum of all refunds of the payment so far, this one included. */
    refundedAmount: MinorUnits,
    fullyRefunded: z.boolean(),
    reason: z.string().min(1),
  }),
);

export const PAYMENT_EVENTS = [PaymentSucceeded, PaymentFailed, PaymentRefunded] as const;
