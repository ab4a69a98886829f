import type { HoldLine, ShortLine } from '@shop/contracts';
import { ConflictError, NotFoundError, UnavailableError } from '@shop/platform/errors';
import { releaseHeld } from './lifecycle.js';
import { reserveAll, reshape } from './line-ops.js';
import { type HoldRecord, sameLines, sortLines } from './model.js';
import type { HoldStore, ItemStore } from './ports.js';

export interface HoldDeps {
  items: ItemStore;
  holds: HoldStore;
  now: () => Date;
  defaultTtlSeconds: number;
  /** Publishes outbox events soon after they were written. */
  wakeOutbox: () => void;
}

export class InsufficientStockError extends ConflictError {
  constructor(readonly shortLines: ShortLine[]) {
    super('insufficient-stock', `Not enough stock for ${shortLines.length} line(s)`, {
      extensions: { shortLines },
    });
  }
}

const notFound = (orderId: string) => new NotFoundError(`No hold for order ${orderId}`);

/**
 * Places the hold of an order, all or nothing. The hold document is written first (PENDING) as
 * the record of intent, then each line is reserved inside its item document; a crash in between
 * leaves a PENDING hold that the sweeper rolls back. Idempotent per order: the same lines again
 * return the existing hold; other lines are a conflict.
 */
export const placeHold = async (
  deps: HoldDeps,
  request: { orderId: string; lines: HoldLine[]; ttlSeconds?: number | undefined },
): Promise<HoldRecord> => {
  const now = deps.now();
  const lines = sortLines(request.lines);
  const fresh: HoldRecord = {
    orderId: request.orderId,
    status: 'PENDING',
    lines,
    previousLines: null,
    releaseReason: null,
    commitAfterHold: false,
    generation: 0,
    expiresAt: new Date(now.getTime() + (request.ttlSeconds ?? deps.defaultTtlSeconds) * 1000),
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.holds.insert(fresh))) {
    const existing = await deps.holds.find(request.orderId);
    if (!existing) throw new UnavailableError('The hold changed while it was being placed; retry');
    if (!sameLines(existing.lines, lines)) {
      throw new ConflictError('hold-exists', `Order ${request.orderId} already holds other lines`);
    }
    if (existing.status !== 'PENDING') return existing;
    // A retry of a request that died half-way: finish it (every step is idempotent).
  }
  const short = await reserveAll(deps.items, fresh, lines, now);
  if (short.length > 0) {
    await deps.holds.deletePending(request.orderId);
    throw new InsufficientStockError(short);
  }
  if (!(await deps.holds.transition(request.orderId, 'PENDING', { to: 'HELD' }, now))) {
    // The sweeper gave up on this PENDING hold meanwhile and releases its lines.
    throw new UnavailableError('The hold was interrupted; retry the request');
  }
  return { ...fresh, status: 'HELD' };
};

export const getHold = async (deps: HoldDeps, orderId: string) => {
  const hold = await deps.holds.find(orderId);
  if (!hold || hold.status === 'FAILED') throw notFound(orderId);
  return hold;
};

/** Changes the lines of a HELD hold, all or nothing (PUT); the same lines again change nothing. */
export const updateHold = async (deps: HoldDeps, orderId: string, newLines: HoldLine[]) => {
  const hold = await getHold(deps, orderId);
  const lines = sortLines(newLines);
  // Asking for the lines it has is answered whatever the state (order-service aligns the hold
  // with the order before each payment, and a committed hold already has them).
  if (sameLines(hold.lines, lines)) return hold;
  if (hold.status !== 'HELD') {
    throw new ConflictError(
      'hold-not-held',
      `The hold of order ${orderId} is ${hold.status}, not HELD`,
    );
  }
  const now = deps.now();
  const started = await deps.holds.transition(
    orderId,
    'HELD',
    { to: 'REHOLDING', set: { previousLines: hold.lines, lines } },
    now,
  );
  if (!started)
    throw new ConflictError('hold-changed', `The hold of order ${orderId} changed; retry`);
  const short = await reshape(deps.items, hold, hold.lines, lines, now);
  const finalLines = short.length > 0 ? hold.lines : lines;
  await deps.holds.transition(
    orderId,
    'REHOLDING',
    { to: 'HELD', set: { lines: finalLines, previousLines: null } },
    deps.now(),
  );
  if (short.length > 0) throw new InsufficientStockError(short);
  return { ...hold, lines, updatedAt: now };
};

/** Releases a HELD hold on request (DELETE): order-service undoing a hold it could not use. */
export const releaseHoldOnRequest = async (deps: HoldDeps, orderId: string) => {
  const hold = await getHold(deps, orderId);
  if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') return hold;
  if (hold.status !== 'HELD' && hold.status !== 'RELEASING') {
    throw new ConflictError(
      'hold-not-held',
      `The hold of order ${orderId} is ${hold.status}; cancel the order instead`,
    );
  }
  await releaseHeld(deps, hold, 'released');
  return (await deps.holds.find(orderId)) ?? hold;
};
