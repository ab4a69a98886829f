import type { HoldLine, HoldStatus } from '@shop/contracts';
import type { OutboxEntry } from '@shop/platform/mongo';
import type { ItemRecord } from '../domain/model.js';

export interface ItemDocument {
  _id: string;
  upc: string;
  name: string;
  description: string;
  unitPrice: number;
  currency: string;
  pictures: string[];
  category: string;
  attributes: ItemRecord['attributes'];
  /** Lower-case words of name and description, for prefix search without `$text`. */
  keywords: string[];
  /** available = onHand − reserved, kept in the same update so guards can filter on it. */
  inventory: { onHand: number; reserved: number; available: number };
  /**
   * One entry per order holding this item, keyed by orderId; `reserved` is always their sum,
   * because every update that adds, resizes or removes an entry applies the matching $inc.
   * (A map, not an array: guards and updates address an entry by path, with no positional
   * operator, which mongo-java-server does not apply reliably.)
   */
  reservations: Record<string, { quantity: number; at: Date }>;
  /** Orders whose committed stock was put back: makes a repeated restock a no-op. */
  restocks: Record<string, Date>;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface HoldDocument {
  _id: string;
  status: HoldStatus;
  lines: HoldLine[];
  previousLines: HoldLine[] | null;
  releaseReason: string | null;
  commitAfterHold: boolean;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Ids of the events already acted on (bounded), for idempotent consumers. */
  handledEvents: string[];
  outbox: OutboxEntry[];
}

export const keywordsOf = (...texts: string[]) => [
  ...new Set(
    texts
      .join(' ')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0),
  ),
];
