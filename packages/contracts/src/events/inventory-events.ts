import { z } from 'zod';
import { Quantity, Uuid } from '../primitives.js';
import { defineEvent } from './envelope.js';

export const HoldLine = z.object({ itemId: Uuid, quantity: Quantity });
export type HoldLine = z.infer<typeof HoldLine>;

export const InventoryCommitted = defineEvent(
  'InventoryCommitted',
  z.object({ lines: z.array(HoldLine).min(1) }),
);
export const InventoryCommitFailed = defineEvent(
  'InventoryCommitFailed',
  z.object({
    reason: z.string().min(1),
    shortLines: z.array(z.object({ itemId: Uuid, requested: Quantity, available: z.int().min(0) })),
  }),
);
export const InventoryReleased = defineEvent(
  'InventoryReleased',
  z.object({
    /** Why: `cancelled`, `expired`, ... */
    reason: z.string().min(1),
    /** HELD stock was released; COMMITTED stock was put back on hand (restocked). */
    from: z.enum(['HELD', 'COMMITTED']),
    lines: z.array(HoldLine),
  }),
);

export const INVENTORY_EVENTS = [
  InventoryCommitted,
  InventoryCommitFailed,
  InventoryReleased,
] as const;
