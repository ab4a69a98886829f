import { oncePerKey, type StoredResponse } from '@shop/platform/idempotency';
import type { OrderDeps } from './deps.js';
import { type OrderRecord, toPublicOrder } from './model.js';

/** A claimed key with no answer after this long belongs to a request that died. */
export const ABANDONED_AFTER_MS = 30_000;

type KeyDeps = Pick<OrderDeps, 'idempotency' | 'orders' | 'now'>;

const created = (order: OrderRecord): StoredResponse => ({
  status: 201,
  body: toPublicOrder(order),
});

/**
 * Creates once per Idempotency-Key (@shop/platform/idempotency): a retry with the same body gets
 * the order the first request created (also when it died before answering), never a second
 * order. A refused request frees its key. Without a key, `create` just runs.
 */
export const createOncePerKey = async (
  deps: KeyDeps,
  request: { userId: string; key: string | undefined; body: unknown; orderId: string },
  create: () => Promise<OrderRecord>,
): Promise<StoredResponse> => {
  const { userId, key, orderId } = request;
  if (!key) return created(await create());
  return await oncePerKey({
    store: deps.idempotency,
    scope: { userId, scope: 'create-order', key },
    request: request.body,
    resourceId: orderId,
    now: deps.now(),
    abandonedAfterMs: ABANDONED_AFTER_MS,
    run: async () => created(await create()),
    // An order refused (short stock, an unknown item) may be placed later with the same key.
    refusals: 'forget',
    recover: async (earlierOrderId) => {
      const order = await deps.orders.find(earlierOrderId);
      return order ? created(order) : null;
    },
  });
};
