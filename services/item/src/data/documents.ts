import type { OutboxEntry } from '@shop/platform/mongo';
import type { HoldRecord, ItemRecord } from '../domain/model.js';

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
   * Where onHand came from, counted in the same updates that change it, so an audit can check
   * onHand = initial + adjusted − committed + restocked.
   */
  ledger: { initial: number; adjusted: number; committed: number; restocked: number };
  /**
   * One entry per order holding this item, keyed by orderId; `reserved` is always their sum,
   * because every update that adds, resizes or removes an entry applies the matching $inc.
   * (A map, not an array: guards and updates address an entry by path, with no positional
   * operator, which mongo-java-server does not apply reliably.) `generation` is the hold's
   * placement it belongs to: a worker releasing an earlier placement never takes a later one.
   */
  reservations: Record<string, { quantity: number; at: Date; generation?: number }>;
  /** Orders whose committed stock was put back: makes a repeated restock a no-op. */
  restocks: Record<string, Date>;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

export interface HoldDocument extends Omit<HoldRecord, 'orderId'> {
  _id: string;
  /** Ids of the events already acted on (bounded), for idempotent consumers. */
  handledEvents: string[];
  outbox: OutboxEntry[];
}

/** Lower-case words of name and description: one tokenizer for what is stored and searched. */
export { wordsOf as keywordsOf } from '../domain/relevance.js';
