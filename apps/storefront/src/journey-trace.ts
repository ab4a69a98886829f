/**
 * One trace per order journey. Checkout and payment are two requests, often minutes apart, so
 * the services can only put them in one trace if the browser sends the same W3C trace id with
 * both. The trace id is the checkout's idempotency key (a v4 UUID is 32 hex digits): a retried
 * checkout stays in the trace of its first try. It is kept per order for the tab's session; a
 * payment from another tab or device starts a trace of its own.
 */

type TraceStore = Pick<Storage, 'getItem' | 'setItem'>;

const TRACE_ID = /^[0-9a-f]{32}$/;
const keyOf = (orderId: string) => `shop.trace.${orderId}`;

const spanId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');

/** The `traceparent` header of a new span in `traceId` (sampled). */
const traceparent = (traceId: string) => ({ traceparent: `00-${traceId}-${spanId()}-01` });

/** The trace of a checkout attempt, derived from its idempotency key (none if it is not a UUID). */
export const checkoutTraceId = (idempotencyKey: string) => {
  const traceId = idempotencyKey.replaceAll('-', '').toLowerCase();
  return TRACE_ID.test(traceId) && !/^0+$/.test(traceId) ? traceId : undefined;
};

export const traceHeaders = (traceId: string | undefined): Record<string, string> =>
  traceId ? traceparent(traceId) : {};

/** Remembers the trace an order was created in, for the payment that follows. */
export const rememberOrderTrace = (
  orderId: string,
  traceId: string | undefined,
  store: TraceStore = sessionStorage,
) => {
  if (!traceId) return;
  try {
    store.setItem(keyOf(orderId), traceId);
  } catch {
    // Storage full or disabled: the payment then starts its own trace, nothing else changes.
  }
};

/** The `traceparent` for a request about `orderId`: its journey's trace, if this tab knows it. */
export const orderTraceHeaders = (
  orderId: string,
  store: TraceStore = sessionStorage,
): Record<string, string> => {
  let traceId: string | null = null;
  try {
    traceId = store.getItem(keyOf(orderId));
  } catch {
    return {};
  }
  return traceId && TRACE_ID.test(traceId) ? traceparent(traceId) : {};
};
