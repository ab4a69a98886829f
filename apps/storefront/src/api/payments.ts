import type { CreatePaymentBody, Payment } from '@shop/contracts';
import { api } from './client';

/** Pays an order. A decline is a 201 with status FAILED, not an error. */
export const createPayment = (body: CreatePaymentBody, idempotencyKey: string) =>
  api<Payment>('/payments', {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });

export const listPayments = (orderId: string) =>
  api<{ payments: Payment[] }>('/payments', { query: { orderId } }).then((body) => body.payments);
