import type { HoldLine, ShortLine } from '@shop/contracts';
import { ConflictError, NotFoundError, UnavailableError } from '@shop/platform/errors';
import { moved } from './hold-machine.js';
import {
  lineChange,
  newHold,
  PLACED,
  type PlaceHoldRequest,
  placementAgain,
} from './hold-requests.js';
import { applyOnce, finishReshape, type LifecycleDeps, move } from './lifecycle.js';
import { reserveAll } from './line-ops.js';
import type { HoldRecord } from './model.js';

export interface HoldDeps extends LifecycleDeps {
  defaultTtlSeconds: number;
}

export class InsufficientStockError extends ConflictError {
  constructor(readonly shortLines: ShortLine[]) {
    super('insufficient-stock', `Not enough stock for ${shortLines.length} line(s)`, {
      extensions: { shortLines },
    });
  }
}

const notFound = (orderId: string) => new NotFoundError(`No hold for order ${orderId}`);
const notHeld = (hold: HoldRecord, advice: string) =>
  new ConflictError(
    'hold-not-held',
    `The hold of order ${hold.orderId} is ${hold.status}${advice}`,
  );
const retryLater = (detail: string) => new UnavailableError(`${detail}; retry`);

/**
 * Places the hold of an order, all or nothing. The hold document is written first (PENDING) as
 * the record of intent, then each line is reserved inside its item document; a crash in between
 * leaves a PENDING hold that the sweeper rolls back.
 */
export const placeHold = async (deps: HoldDeps, request: PlaceHoldRequest): Promise<HoldRecord> => {
  const now = deps.now();
  let hold = newHold(request, now, deps.defaultTtlSeconds);
  if (!(await deps.holds.insert(hold))) {
    const existing = await deps.holds.find(request.orderId);
    switch (placementAgain(existing, hold.lines)) {
      case 'gone':
        throw retryLater('The hold changed while it was being placed');
      case 'conflict':
        throw new ConflictError(
          'hold-exists',
          `Order ${request.orderId} already holds other lines`,
        );
      case 'busy':
        throw retryLater('The hold is being placed again for a payment');
      case 'answer':
        return existing as HoldRecord;
      case 'finish':
        hold = existing as HoldRecord;
    }
  }
  const short = await reserveAll(deps.items, hold, hold.lines, now);
  if (short.length > 0) {
    await deps.holds.deletePending(request.orderId);
    throw new InsufficientStockError(short);
  }
  // Lost: the sweeper gave up on this PENDING hold meanwhile and releases its lines.
  if (!(await move(deps, request.orderId, PLACED, now)))
    throw retryLater('The hold was interrupted');
  return { ...moved(hold, PLACED), updatedAt: now };
};

export const getHold = async (deps: LifecycleDeps, orderId: string) => {
  const hold = await deps.holds.find(orderId);
  if (!hold || hold.status === 'FAILED') throw notFound(orderId);
  return hold;
};

/** Changes the lines of a HELD hold, all or nothing (PUT); the same lines again change nothing. */
export const updateHold = async (deps: HoldDeps, orderId: string, lines: HoldLine[]) => {
  const hold = await getHold(deps, orderId);
  const change = lineChange(hold, lines);
  if (change.kind === 'same') return hold;
  if (change.kind === 'not-held') throw notHeld(hold, ', not HELD');
  const now = deps.now();
  if (!(await move(deps, orderId, change.move, now)))
    throw new ConflictError('hold-changed', `The hold of order ${orderId} changed; retry`);
  const reholding = moved(hold, change.move);
  const short = await finishReshape(deps, reholding);
  if (short.length > 0) throw new InsufficientStockError(short);
  return { ...hold, lines: reholding.lines, updatedAt: now };
};

/** Releases a HELD hold on request (DELETE): order-service undoing a hold it could not use. */
export const releaseHoldOnRequest = async (deps: HoldDeps, orderId: string) => {
  const hold = await getHold(deps, orderId);
  const outcome = await applyOnce(deps, hold, { type: 'ReleaseRequested' });
  if (outcome === 'not-held') throw notHeld(hold, '; cancel the order instead');
  if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') return hold;
  return (await deps.holds.find(orderId)) ?? hold;
};
