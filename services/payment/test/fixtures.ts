import type { PaymentRecord } from '../src/domain/model.js';

/** Test cards and records shared by payment-service's unit tests and its service suite. */
export const GOOD_CARD = {
  cardNumber: '4242 4242 4242 4242',
  expMonth: 12,
  expYear: 2099,
  holderName: 'Test Customer',
  cvc: '123',
};
export const DECLINED_CARD = { ...GOOD_CARD, cardNumber: '4000 0000 0000 0002' };
export const NO_FUNDS_CARD = { ...GOOD_CARD, cardNumber: '4000 0000 0000 9995' };
/** A card whose every charge times out at the gateway after it was recorded (approved). */
export const TIMEOUT_CARD = { ...GOOD_CARD, cardNumber: '4000 0000 0000 0408' };

/** A payment as chargeOrder starts it (attempt 1, PROCESSING), for an order of its own. */
export const processingPayment = (
  overrides: Partial<PaymentRecord> = {},
  now = new Date(),
): PaymentRecord => ({
  id: crypto.randomUUID(),
  orderId: crypto.randomUUID(),
  userId: crypto.randomUUID(),
  amount: 2_500,
  currency: 'USD',
  status: 'PROCESSING',
  attempt: 1,
  failureReason: null,
  card: { brand: 'visa', last4: '4242' },
  transactionId: null,
  gatewayResponse: null,
  refundedAmount: 0,
  createdAt: now,
  updatedAt: now,
  ...overrides,
});
