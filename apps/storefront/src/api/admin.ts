import type {
  AccountSummary,
  DeadLetterList,
  Order,
  OrderStatus,
  Payment,
  PaymentStatus,
  ReplayResult,
  StuckOrders,
} from '@shop/contracts';
import { api } from './client';

/** The ADMIN back office: every customer's orders, payments, accounts and the saga's health. */

export const listAllOrders = (query: {
  status?: OrderStatus | undefined;
  userId?: string | undefined;
  cursor?: string | undefined;
  limit?: number;
}) => api<{ orders: Order[]; nextCursor: string | null }>('/orders', { query });

export const listAllPayments = (query: {
  status?: PaymentStatus | undefined;
  userId?: string | undefined;
  orderId?: string | undefined;
  cursor?: string | undefined;
  limit?: number;
}) => api<{ payments: Payment[]; nextCursor: string | null }>('/payments', { query });

/** A partial (or, without an amount, full) refund; the key makes a retried click count once. */
export const refundPayment = (
  id: string,
  body: { amount?: number; reason: string },
  idempotencyKey: string,
) =>
  api<Payment>(`/payments/${encodeURIComponent(id)}/refunds`, {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });

export const searchAccounts = (query: { q?: string | undefined; cursor?: string | undefined }) =>
  api<{ accounts: AccountSummary[]; nextCursor: string | null }>('/accounts', {
    query: { ...query, limit: 20 },
  });

export const listDeadLetters = () => api<DeadLetterList>('/operations/dead-letters');

export const replayDeadLetters = (selection: { ids: string[] } | { all: true }) =>
  api<ReplayResult>('/operations/dead-letters/replay', { method: 'POST', body: selection });

export const listStuckOrders = () =>
  api<StuckOrders>('/operations/stuck-orders', { query: { graceSeconds: 120 } });
