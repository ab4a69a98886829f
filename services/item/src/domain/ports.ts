import type { HoldStatus, ItemListQuery, ShopEvent } from '@shop/contracts';
import type { HoldRecord, ItemRecord, ReserveOutcome } from './model.js';

export interface ItemPage {
  items: ItemRecord[];
  nextCursor: string | null;
}

export interface ItemStore {
  insert(item: ItemRecord): Promise<void>;
  replace(
    id: string,
    fields: Omit<ItemRecord, 'id' | 'inventory' | 'createdAt'>,
  ): Promise<ItemRecord | null>;
  /** Soft-deletes unless a reservation exists: 'deleted' | 'held' | 'missing'. */
  delete(id: string, now: Date): Promise<'deleted' | 'held' | 'missing'>;
  findById(id: string): Promise<ItemRecord | null>;
  findByUpc(upc: string): Promise<ItemRecord | null>;
  list(query: ItemListQuery): Promise<ItemPage>;
  categories(): Promise<{ name: string; count: number }[]>;
  /** Adds `delta` to onHand unless that would put onHand below reserved. */
  adjust(id: string, delta: number, now: Date): Promise<ItemRecord | 'refused' | null>;

  // Line operations of holds: each is one atomic, idempotent update of one item document.
  /** Reserves for the hold's placement `generation` (see HoldRecord.generation). */
  reserve(
    itemId: string,
    orderId: string,
    quantity: number,
    now: Date,
    generation: number,
  ): Promise<ReserveOutcome>;
  /** Changes an existing reservation to `quantity` if available stock allows. */
  resize(itemId: string, orderId: string, quantity: number, now: Date): Promise<ReserveOutcome>;
  /**
   * Drops the order's reservation (reserved −= q), only if it belongs to `generation` when one is
   * given. Returns false when there was none to drop.
   */
  release(itemId: string, orderId: string, now: Date, generation?: number): Promise<boolean>;
  /**
   * Turns the order's reservation into a sale (onHand −= q, reserved −= q). `expected` is the
   * quantity the caller believes is reserved: a hint that saves a read, never trusted.
   */
  commit(itemId: string, orderId: string, now: Date, expected?: number): Promise<boolean>;
  /** Puts `quantity` back on hand once per order (a marker guards against a second time). */
  restock(itemId: string, orderId: string, quantity: number, now: Date): Promise<void>;
  forgetRestock(itemId: string, orderId: string): Promise<void>;
  /** Reservations and restock markers older than their `before`: candidates for reconciliation. */
  staleMarkers(
    before: { reservations: Date; restocks: Date },
    limit: number,
  ): Promise<
    { itemId: string; orderId: string; kind: 'reservation' | 'restock'; generation?: number }[]
  >;
}

export interface Transition {
  to: HoldStatus;
  set?: Partial<
    Pick<
      HoldRecord,
      'lines' | 'previousLines' | 'releaseReason' | 'commitAfterHold' | 'expiresAt' | 'generation'
    >
  >;
  events?: ShopEvent[];
  /** The event that caused it, remembered so a redelivery changes nothing. */
  handledEventId?: string;
}

export interface HoldStore {
  /** Inserts a new hold (with events for its outbox); false if one exists for the order. */
  insert(hold: HoldRecord, events?: ShopEvent[]): Promise<boolean>;
  find(orderId: string): Promise<HoldRecord | null>;
  /** The holds of these orders that exist, in one query. */
  findMany(orderIds: string[]): Promise<HoldRecord[]>;
  /** Compare-and-set: applies the transition only if the hold is still in `from`. */
  transition(orderId: string, from: HoldStatus, change: Transition, now: Date): Promise<boolean>;
  /** Records events on a hold whose state does not change (e.g. a refused late payment). */
  appendEvents(
    orderId: string,
    events: ShopEvent[],
    handledEventId: string,
    now: Date,
  ): Promise<boolean>;
  deletePending(orderId: string): Promise<void>;
  /** Deletes a hold the sweeper gave up on while PENDING, once its lines are released. */
  deleteAbandoned(orderId: string): Promise<void>;
  /** Holds in one of `statuses` whose last change is older than `before` (one query). */
  stuck(statuses: HoldStatus[], before: Date, limit: number): Promise<HoldRecord[]>;
  expired(now: Date, limit: number): Promise<HoldRecord[]>;
}
