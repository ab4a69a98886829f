import { createEvent } from '@shop/contracts';
import type { HoldRecord, ItemRecord } from '../../src/domain/model.js';
import type { HoldStore, ItemStore } from '../../src/domain/ports.js';

export interface Stores {
  items: ItemStore;
  holds: HoldStore;
  /** Ids of the events waiting in the hold's outbox. */
  outboxOf(orderId: string): Promise<string[]>;
}

export const T0 = new Date('2030-01-01T00:00:00Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export const validUpc = () => {
  const digits = Array.from({ length: 11 }, () => Math.floor(Math.random() * 10));
  const sum = digits.reduceRight((total, d, i) => total + d * ((10 - i) % 2 === 0 ? 3 : 1), 0);
  return `${digits.join('')}${(10 - (sum % 10)) % 10}`;
};

export const anItem = (onHand = 10, upc = validUpc()): ItemRecord => ({
  id: crypto.randomUUID(),
  upc,
  name: 'Contract Speaker',
  description: 'a speaker',
  unitPrice: 4_999,
  currency: 'USD',
  pictures: [],
  category: 'audio',
  attributes: {},
  inventory: { onHand, reserved: 0, available: onHand },
  createdAt: T0,
  updatedAt: T0,
});

export const aHold = (
  status: HoldRecord['status'],
  overrides: Partial<HoldRecord> = {},
): HoldRecord => ({
  orderId: crypto.randomUUID(),
  status,
  lines: [{ itemId: crypto.randomUUID(), quantity: 1 }],
  previousLines: null,
  releaseReason: null,
  commitAfterHold: false,
  generation: 0,
  handledEvents: [],
  expiresAt: at(600),
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

export const released = (orderId: string) =>
  createEvent('InventoryReleased', {
    orderId,
    source: 'item-service',
    data: { reason: 'cancelled', from: 'HELD', lines: [] },
  });
