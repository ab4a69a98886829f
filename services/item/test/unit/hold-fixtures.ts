import type { HoldStatus } from '@shop/contracts';
import type { HoldRecord } from '../../src/domain/model.js';

export const NOW = new Date('2030-01-01T00:00:00Z');

/** A hold of two lines in `status`, as the store would return it. */
export const holdIn = (status: HoldStatus, overrides: Partial<HoldRecord> = {}): HoldRecord => ({
  orderId: crypto.randomUUID(),
  status,
  lines: [
    { itemId: '00000000-0000-4000-8000-00000000000a', quantity: 2 },
    { itemId: '00000000-0000-4000-8000-00000000000b', quantity: 1 },
  ],
  previousLines: null,
  releaseReason: null,
  commitAfterHold: false,
  generation: 0,
  handledEvents: [],
  expiresAt: new Date(NOW.getTime() + 600_000),
  createdAt: NOW,
  updatedAt: NOW,
  ...overrides,
});
