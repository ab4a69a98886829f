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

export const PaymentSucceeded = defineEvent(
  'PaymentSucceeded',
  PaymentFacts.extend({ transactionId: z.string().min(1), card: CardSummary }),
);
export const PaymentFailed = defineEvent(
  'PaymentFailed',
  PaymentFacts.extend({ reason: z.string().min(1) }),
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
