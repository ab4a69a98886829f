import type { HoldLine, OrderStatus, ShopEvent, ShortLine } from '@shop/contracts';
import type { IdempotencyKeyStore } from '@shop/platform/idempotency';
import type { OrderRecord, OrderUpdate, TimelineEntry } from './model.js';

export interface OrderStore {
  /** Writes a new order with its OrderCreated event; false if the id exists. */
  create(order: OrderRecord, event: ShopEvent): Promise<boolean>;
  find(orderId: string): Promise<OrderRecord | null>;
  /** Compare-and-set on `version`; false when another writer got there first. */
  update(order: OrderRecord, update: OrderUpdate): Promise<boolean>;
  /**
   * The order, and whether `eventId` already caused a change of it, in one read (a consumer
   * needs both before it reacts).
   */
  findForEvent(
    orderId: string,
    eventId: string,
  ): Promise<{ order: OrderRecord; handled: boolean } | null>;
  /** Adds another service's event to the order's timeline (idempotent). */
  recordForeignEvent(event: ShopEvent): Promise<void>;
  timeline(orderId: string): Promise<TimelineEntry[]>;
  listByUser(
    userId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ ids: string[]; cursor: string | null }>;
  /** Every customer's orders newest first (of one status), from `after` on (data/order-listing.ts). */
  listEveryone(query: {
    status?: OrderStatus | undefined;
    limit: number;
    after: ListPosition | null;
  }): Promise<{ entries: ListEntry[]; next: ListPosition | null }>;
  /** Unpaid orders whose deadline passed (from the deadline index). */
  dueDeadlines(now: Date, limit: number): Promise<{ orderId: string; expiresAt: Date }[]>;
  clearDeadline(orderId: string, expiresAt: Date): Promise<void>;
  /**
   * The PAID index, oldest first in each of its buckets (up to `limit` per bucket): orders
   * written as PAID at `paidAt`, and rows left by writes that did not apply or orders that moved
   * on without their row being deleted (the reader checks the order).
   */
  paidIndex(limit: number): Promise<{ orderId: string; paidAt: Date }[][]>;
  clearPaid(orderId: string, paidAt: Date): Promise<void>;
}

/** Where the shop-wide listing goes on: a day, and within it the last order returned. */
export interface ListPosition {
  day: string;
  createdAt?: number | undefined;
  orderId?: string | undefined;
}

/** A row of the shop-wide listing; the order itself is read for the page. */
export interface ListEntry {
  orderId: string;
  day: string;
  createdAt: number;
}

/** Idempotency-Keys of `POST /orders` (the one mechanism of @shop/platform/idempotency). */
export type IdempotencyStore = IdempotencyKeyStore;

export interface CatalogItem {
  id: string;
  upc: string;
  name: string;
  unitPrice: number;
  currency: string;
}

export type HoldOutcome = { ok: true } | { ok: false; shortLines: ShortLine[] };

/** item-service, called with a SERVICE token. */
export interface Inventory {
  item(itemId: string): Promise<CatalogItem | null>;
  /** The live items with these UPCs, in one call (a UPC no item has is simply absent). */
  itemsByUpc(upcs: string[]): Promise<CatalogItem[]>;
  placeHold(orderId: string, lines: HoldLine[], ttlSeconds: number): Promise<HoldOutcome>;
  /**
   * Sets the lines of the order's hold (the same lines: nothing to do, whatever its state). A
   * hold that is no longer HELD cannot take other lines: ConflictError `hold-not-held`.
   */
  changeHold(orderId: string, lines: HoldLine[]): Promise<HoldOutcome>;
  releaseHold(orderId: string): Promise<void>;
}

export type { OrderStatus };

/** The saga's stages, timed from the order's own timestamps. */
export type SagaStage = 'created_to_paid' | 'paid_to_completed' | 'created_to_completed';

/** Where the saga's stage durations go (Prometheus in the app; nothing in most tests). */
export interface SagaMetrics {
  stageReached(stage: SagaStage, seconds: number): void;
}
