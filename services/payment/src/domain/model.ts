import type { PaymentMethodSummary, PaymentStatus } from '@shop/contracts';

/** A payment as stored; PROCESSING only while the gateway is being asked. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  userId: string;
  amount: number;
  currency: string;
  status: PaymentStatus | 'PROCESSING';
  failureReason: string | null;
  card: { brand: string; last4: string };
  transactionId: string | null;
  refundedAmount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface GatewayResult {
  approved: boolean;
  transactionId: string;
  declineReason?: string;
}

export type CardSummary = Pick<PaymentMethodSummary, 'brand' | 'last4'>;

export const toPublicPayment = (payment: PaymentRecord) => ({
  ...payment,
  status: payment.status === 'PROCESSING' ? ('FAILED' as const) : payment.status,
  createdAt: payment.createdAt.toISOString(),
  updatedAt: payment.updatedAt.toISOString(),
});

export const refundable = (payment: PaymentRecord) => payment.amount - payment.refundedAmount;
