import { describe, expect, it } from 'vitest';
import {
  checkoutTraceId,
  orderTraceHeaders,
  rememberOrderTrace,
  traceHeaders,
} from '../src/journey-trace';

const memoryStore = () => {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('journey trace', () => {
  it('when an order was checked out in this tab, then its payment carries the same trace id in a new span', () => {
    const store = memoryStore();
    const traceId = checkoutTraceId('4b0c6f5e-9a1d-4c3b-8e2f-0123456789ab');
    const checkout = traceHeaders(traceId).traceparent ?? '';
    rememberOrderTrace('order-1', traceId, store);

    const payment = orderTraceHeaders('order-1', store).traceparent ?? '';

    expect(traceId).toBe('4b0c6f5e9a1d4c3b8e2f0123456789ab');
    expect(checkout).toMatch(TRACEPARENT);
    expect(payment.match(TRACEPARENT)?.[1]).toBe(traceId);
    expect(payment.match(TRACEPARENT)?.[2]).not.toBe(checkout.match(TRACEPARENT)?.[2]);
  });

  it('when the tab does not know the order, or the key is not a UUID, then no traceparent is sent', () => {
    const store = memoryStore();
    store.setItem('shop.trace.order-2', 'not-a-trace-id');

    expect(orderTraceHeaders('order-1', store)).toEqual({});
    expect(orderTraceHeaders('order-2', store)).toEqual({});
    expect(checkoutTraceId('retry-1')).toBeUndefined();
    expect(checkoutTraceId('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(traceHeaders(undefined)).toEqual({});
  });
});
