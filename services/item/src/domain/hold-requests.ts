import type { HoldLine } from '@shop/contracts';
import type { Move } from './hold-machine.js';
import { type HoldRecord, sameLines, sortLines } from './model.js';

export interface PlaceHoldRequest {
  orderId: string;
  lines: HoldLine[];
  ttlSeconds?: number | undefined;
}

/** A new hold: PENDING (the record of intent) until every line is reserved. */
export const newHold = (
  request: PlaceHoldRequest,
  now: Date,
  defaultTtlSeconds: number,
): HoldRecord => ({
  orderId: request.orderId,
  status: 'PENDING',
  lines: sortLines(request.lines),
  previousLines: null,
  releaseReason: null,
  commitAfterHold: false,
  generation: 0,
  handledEvents: [],
  expiresAt: new Date(now.getTime() + (request.ttlSeconds ?? defaultTtlSeconds) * 1000),
  createdAt: now,
  updatedAt: now,
});

/** Every line reserved: the placement is done. */
export const PLACED: Move = { from: 'PENDING', to: 'HELD' };

/**
 * A placement found a hold for the order already. Idempotent per order: the same lines again
 * are answered with that hold, or finish it if it is a request that died half-way (every step
 * is idempotent); other lines are a conflict. A hold being placed again for a late payment
 * (PENDING, `commitAfterHold`) belongs to that payment: the request waits for it.
 */
export const placementAgain = (
  existing: HoldRecord | null,
  lines: HoldLine[],
): 'gone' | 'conflict' | 'answer' | 'busy' | 'finish' => {
  if (!existing) return 'gone';
  if (!sameLines(existing.lines, lines)) return 'conflict';
  if (existing.status !== 'PENDING') return 'answer';
  return existing.commitAfterHold ? 'busy' : 'finish';
};

export type LineChange = { kind: 'same' } | { kind: 'not-held' } | { kind: 'reshape'; move: Move };

/**
 * A PUT of the hold's lines. Asking for the lines it has is answered whatever the state
 * (order-service aligns the hold with the order before each payment, and a committed hold
 * already has them); other lines need a HELD hold, which goes REHOLDING while they move.
 */
export const lineChange = (hold: HoldRecord, lines: HoldLine[]): LineChange => {
  if (sameLines(hold.lines, lines)) return { kind: 'same' };
  if (hold.status !== 'HELD') return { kind: 'not-held' };
  return {
    kind: 'reshape',
    move: {
      from: 'HELD',
      to: 'REHOLDING',
      set: { previousLines: hold.lines, lines: sortLines(lines) },
    },
  };
};
