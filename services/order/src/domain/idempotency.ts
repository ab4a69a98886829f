import { createHash } from 'node:crypto';
import { ConflictError, UnprocessableError } from '@shop/platform/errors';
import type { OrderDeps } from './deps.js';
import type { OrderRecord } from './model.js';
import type { IdempotencyClaim } from './ports.js';

/** A claimed key with no order after this long belongs to a request that died. */
export const ABANDONED_AFTER_MS = 30_000;

export const requestFingerprint = (body: unknown) =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

/** What a request finds when its key was claimed before. */
export type EarlierClaim =
  | { verdict: 'replay'; order: OrderRecord }
  | { verdict: 'take-over' }
  | { verdict: 'refuse'; error: ConflictError | UnprocessableError };

/**
 * The rule for a key already claimed: another body is 422; the order the first request created
 * is replayed; a first request that has written no order is still running (409), unless it
 * claimed the key so long ago that it must have died: then this request takes the key over.
 */
export const judgeEarlierClaim = (
  claim: IdempotencyClaim,
  requestHash: string,
  order: OrderRecord | null,
  now: Date,
): EarlierClaim => {
  if (claim.requestHash !== requestHash)
    return {
      verdict: 'refuse',
      error: new UnprocessableError(
        'idempotency-key-reused',
        'This Idempotency-Key was used with a different request',
      ),
    };
  if (order) return { verdict: 'replay', order };
  if (now.getTime() - claim.claimedAt.getTime() > ABANDONED_AFTER_MS)
    return { verdict: 'take-over' };
  return { verdict: 'refuse', error: inProgress() };
};

const inProgress = () =>
  new ConflictError(
    'request-in-progress',
    'The first request with this Idempotency-Key is still running',
  );

type KeyDeps = Pick<OrderDeps, 'idempotency' | 'orders' | 'now'>;

/**
 * Claims an Idempotency-Key for `orderId`. Returns the order an earlier request with the key
 * created, or null when this request goes ahead (first of its key, or taking over one that died
 * before writing its order).
 */
export const claimKey = async (
  deps: KeyDeps,
  userId: string,
  key: string,
  requestHash: string,
  orderId: string,
): Promise<OrderRecord | null> => {
  const claim = await deps.idempotency.claim(userId, key, requestHash, orderId);
  if (!claim) return null;
  const order = claim.requestHash === requestHash ? await deps.orders.find(claim.orderId) : null;
  const earlier = judgeEarlierClaim(claim, requestHash, order, deps.now());
  if (earlier.verdict === 'replay') return earlier.order;
  if (earlier.verdict === 'refuse') throw earlier.error;
  // Two requests may both find the key abandoned: the compare-and-set lets one take it.
  if (await deps.idempotency.takeOver(userId, key, claim.orderId, orderId)) return null;
  throw inProgress();
};

/**
 * Creates once per key: the first request with `key` runs `create` for `orderId`; a retry with
 * the same body gets the order the first one created. A failed `create` frees the key again.
 * Without a key, `create` just runs.
 */
export const createOncePerKey = async (
  deps: KeyDeps,
  request: { userId: string; key: string | undefined; body: unknown; orderId: string },
  create: () => Promise<OrderRecord>,
): Promise<OrderRecord> => {
  const { userId, key, orderId } = request;
  if (!key) return await create();
  const earlier = await claimKey(deps, userId, key, requestFingerprint(request.body), orderId);
  if (earlier) return earlier;
  try {
    return await create();
  } catch (error) {
    await deps.idempotency.release(userId, key);
    throw error;
  }
};
