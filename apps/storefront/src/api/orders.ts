import type { Order, OrderStatus, ServiceName } from '@shop/contracts';
import { api } from './client';

export type OrderPage = { orders: Order[]; nextCursor: string | null };
export type TimelineEvent = {
  eventId: string;
  type: string;
  source: ServiceName;
  occurredAt: string;
  data: unknown;
};

const path = (id: string, rest = '') => `/orders/${encodeURIComponent(id)}${rest}`;

export const listOrders = (query: { status?: OrderStatus; cursor?: string; limit?: number }) =>
  api<OrderPage>('/orders', { query });

export const getOrder = (id: string) => api<Order>(path(id));

export const getTimeline = (id: string) =>
  api<{ orderId: string; events: TimelineEvent[] }>(path(id, '/timeline')).then(
    (body) => body.events,
  );

/** Without a reason order-service records `customer_request`. */
export const cancelOrder = (id: string) =>
  api<Order>(path(id, '/cancel'), { method: 'POST', body: {} });

/** ADMIN: move a completed order along (the shop has no warehouse of its own). */
export const shipOrder = (id: string) => api<Order>(path(id, '/ship'), { method: 'POST' });
export const deliverOrder = (id: string) => api<Order>(path(id, '/deliver'), { method: 'POST' });
