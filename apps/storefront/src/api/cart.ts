import type { Address, Cart, Order } from '@shop/contracts';
import { checkoutTraceId, rememberOrderTrace, traceHeaders } from '../journey-trace';
import { api } from './client';

const line = (itemId: string) => `/cart/items/${encodeURIComponent(itemId)}`;

export const getCart = () => api<Cart>('/cart');

export const addToCart = (itemId: string, quantity: number) =>
  api<Cart>('/cart/items', { method: 'POST', body: { itemId, quantity } });

export const setLineQuantity = (itemId: string, quantity: number) =>
  api<Cart>(line(itemId), { method: 'PATCH', body: { quantity } });

export const removeLine = (itemId: string) => api<Cart>(line(itemId), { method: 'DELETE' });

/**
 * Turns the cart into an order. The key makes a retried click (after a network error) return
 * the order the first request created instead of ordering twice.
 */
export const checkout = async (idempotencyKey: string, shippingAddress?: Address) => {
  const traceId = checkoutTraceId(idempotencyKey);
  const order = await api<Order>('/cart/checkout', {
    method: 'POST',
    body: shippingAddress ? { shippingAddress } : {},
    headers: { 'idempotency-key': idempotencyKey, ...traceHeaders(traceId) },
  });
  rememberOrderTrace(order.id, traceId);
  return order;
};
