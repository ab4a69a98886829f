import type { CreatePaymentBody, Payment } from '@shop/contracts';
import { orderTraceHeaders } from '../journey-trace';
import { api } from './client';

/** Pays an order. A decline is a 201 with status FAILED, not an error. */
export const createPayment = (body: CreatePaymentBody, idempotencyKey: string) =>
  api<Payment>('/payments', {
    method: 'POST',
    body,
    // The order's journey trace (see journey-trace.ts), so the payment joins the checkout's.
    headers: { 'idempotency-key': idempotencyKey, ...orderTraceHeaders(body.orderId) },
  });

export const listPayments = (orderId: string) =>
  api<{ payments: Payment[] }>('/payments', { query: { orderId } }).then((body) => body.payments);
