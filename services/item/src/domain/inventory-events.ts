import { createEvent, type HoldLine, type ShortLine } from '@shop/contracts';
import type { ReleaseReason } from './model.js';

/** Why a payment could not be turned into a sale (InventoryCommitFailed `reason`). */
export type CommitFailedReason =
  | 'no_hold'
  | 'insufficient_stock'
  | 'order_cancelled'
  | 'hold_released'
  | 'interrupted';

export const committed = (orderId: string, lines: HoldLine[]) =>
  createEvent('InventoryCommitted', { orderId, source: 'item-service', data: { lines } });

export const commitFailed = (
  orderId: string,
  reason: CommitFailedReason,
  shortLines: ShortLine[] = [],
) =>
  createEvent('InventoryCommitFailed', {
    orderId,
    source: 'item-service',
    data: { reason, shortLines },
  });

export const released = (
  orderId: string,
  reason: Exclude<ReleaseReason, 'abandoned'>,
  from: 'HELD' | 'COMMITTED',
  lines: HoldLine[],
) =>
  createEvent('InventoryReleased', {
    orderId,
    source: 'item-service',
    data: { reason, from, lines },
  });
