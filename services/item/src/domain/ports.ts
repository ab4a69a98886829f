import type { HoldStatus, ShopEvent } from '@shop/contracts';
import type { CategoryRecord } from './categories.js';
import type { HoldRecord, ItemRecord, Reservation } from './model.js';

export interface ItemPage {
  items: ItemRecord[];
  nextCursor: string | null;
}

/**
 * What a listing or a search matches, whatever its order: every word must start a word of the
 * item's name or description; prices are inclusive minor units.
 */
export interface ItemFilter {
  ids?: string[] | undefined;
  words: string[];
  /**
   * The slugs the `category` parameter stands for, any of which an item's category must be: the
   * category alone, or, where categories form a tree, it and its descendants.
   */
  categories?: string[] | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
}

/** What relevance is computed from: the searchable text of one matching item. */
export interface SearchCandidate {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
}

/**
 * Counts over the matches of a filter, at most `scanLimit` of them (the newest): per category
 * without the filter's category, per price band floor without its prices.
 */
export interface FacetCounts {
  categories: { name: string; count: number }[];
  bands: { floor: number; count: number }[];
  /** How many matches the counts looked at (= scanLimit: there may be more). */
  scanned: number;
}

/** A marker an item keeps for an order: a reservation, or the record of a restock. */
export interface ItemMarker {
  itemId: string;
  orderId: string;
  kind: 'reservation' | 'restock';
  generation?: number;
}

/**
 * The catalog and the stock of each item. Every write is one atomic update of one item, applied
 * only if its guard holds; none of them ever lets `available` fall below 0.
 */
export interface ItemStore {
  /** 'duplicate-upc': another item (live or deleted) has the UPC; nothing was written. */
  insert(item: ItemRecord): Promise<'created' | 'duplicate-upc'>;
  replace(
    id: string,
    fields: Omit<ItemRecord, 'id' | 'inventory' | 'createdAt'>,
  ): Promise<ItemRecord | 'missing' | 'duplicate-upc'>;
  /** Soft-deletes unless a reservation exists. */
  delete(id: string, now: Date): Promise<'deleted' | 'held' | 'missing'>;
  findById(id: string): Promise<ItemRecord | null>;
  findByUpc(upc: string): Promise<ItemRecord | null>;
  /** The live items with any of these UPCs (one read, whatever their number). */
  findByUpcs(upcs: string[]): Promise<ItemRecord[]>;
  /** Newest first, keyset pagination on (createdAt, id): `cursor` is the previous nextCursor. */
  list(filter: ItemFilter, page: { limit: number; cursor?: string | undefined }): Promise<ItemPage>;
  /** The newest `limit` matches of the filter, as much of them as relevance needs. */
  searchCandidates(filter: ItemFilter, limit: number): Promise<SearchCandidate[]>;
  facetCounts(
    filter: ItemFilter,
    options: { bandFloors: readonly number[]; scanLimit: number },
  ): Promise<FacetCounts>;
  categories(): Promise<{ name: string; count: number }[]>;
  /** Adds `delta` to onHand, guarded by `available ≥ availableAtLeast`. */
  adjust(
    id: string,
    delta: number,
    availableAtLeast: number,
    now: Date,
  ): Promise<ItemRecord | 'refused' | null>;

  // The guarded updates that hold lines are made of (line-ops.ts composes them).
  /** The order's reservation of the item (entries older than generations are generation 0). */
  reservationOf(itemId: string, orderId: string): Promise<Reservation | null>;
  /** Available stock of a live item; null when there is no such item. */
  availableOf(itemId: string): Promise<number | null>;
  /** Guard: a live item, no entry for the order, `available ≥ quantity`. */
  reserveIfFree(
    itemId: string,
    orderId: string,
    reservation: Reservation,
    now: Date,
  ): Promise<boolean>;
  /** Guard: the entry is `from`; growing also needs `available ≥ to − from`. */
  resizeIf(itemId: string, orderId: string, from: number, to: number, now: Date): Promise<boolean>;
  /**
   * Removes the entry, guarded by its quantity (and generation, when given): a release gives the
   * stock back (reserved −= q), a sale takes it off hand as well (onHand −= q).
   */
  takeIf(
    itemId: string,
    orderId: string,
    expected: { quantity: number; generation?: number | undefined },
    as: 'release' | 'sale',
    now: Date,
  ): Promise<boolean>;
  /** Puts `quantity` back on hand and marks the order restocked, guarded by no such marker. */
  restockOnce(itemId: string, orderId: string, quantity: number, now: Date): Promise<boolean>;
  forgetRestock(itemId: string, orderId: string): Promise<void>;
  /** Reservations and restock markers older than their `before`: candidates for reconciliation. */
  staleMarkers(
    before: { reservations: Date; restocks: Date },
    limit: number,
  ): Promise<ItemMarker[]>;
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

/**
 * Holds, one document per order, each write one atomic update of it. Events given to a write go
 * into the hold's own outbox in that same write, and the relay is woken once it is stored.
 */
export interface HoldStore {
  /** Inserts a new hold (with events for its outbox); false if one exists for the order. */
  insert(hold: HoldRecord, events?: ShopEvent[]): Promise<boolean>;
  find(orderId: string): Promise<HoldRecord | null>;
  /** The holds of these orders that exist, in one query. */
  findMany(orderIds: string[]): Promise<HoldRecord[]>;
  /**
   * Compare-and-set: applies the transition only if the hold is still in `from` (and has not
   * handled `handledEventId`).
   */
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
  stuck(statuses: readonly HoldStatus[], before: Date, limit: number): Promise<HoldRecord[]>;
  expired(now: Date, limit: number): Promise<HoldRecord[]>;
}

/** The whole category tree as stored, with the version its next write must expect. */
export interface StoredCategories {
  version: number;
  categories: CategoryRecord[];
}

/**
 * The category tree, kept whole in one record so that every change (add, rename, move, remove) is
 * one compare-and-set: no concurrent pair of changes can leave a cycle or an orphan behind.
 */
export interface CategoryStore {
  /** Version 0 and no categories before the first write. */
  read(): Promise<StoredCategories>;
  /** Writes `categories` if the stored version is still `expected`; false when it moved on. */
  write(expected: number, categories: CategoryRecord[]): Promise<boolean>;
}
