import type { ShopEvent } from '@shop/contracts';
import type { OrderRecord, OrderUpdate, TimelineEntry } from '../../../src/domain/model.js';
import type { ListPosition, OrderStatus, OrderStore } from '../../../src/domain/ports.js';

interface Row {
  order: OrderRecord;
  handled: Set<string>;
  /** Every event row of the order's partition, by event id (the timeline and the outbox). */
  events: Map<string, { event: ShopEvent; published: boolean }>;
}

const copy = (order: OrderRecord): OrderRecord => structuredClone(order);

/**
 * The order repository's semantics in memory (data/order-repository.ts): `create` only if the id
 * is new; `update` is a compare-and-set on `version` that writes the change, its events (to the
 * outbox), the cause's id (`handled_events`) and the cause's timeline row together or not at all.
 * Reads return copies, so a caller holding an order sees it go stale as a real one would.
 */
export class MemoryOrderStore implements OrderStore {
  private readonly rows = new Map<string, Row>();
  private readonly byUser: { userId: string; createdAt: Date; orderId: string }[] = [];
  private readonly deadlines = new Map<string, Date>();
  /** The PAID index: one bucket here, oldest first when read. */
  private paid: { orderId: string; paidAt: Date }[] = [];
  private readonly beforeNextUpdate: (() => Promise<void>)[] = [];
  /** Set to make the next `create` fail as a store outage would. */
  failNextCreate: Error | null = null;

  /**
   * Runs `write` right before the next update compares versions: a concurrent writer. Its own
   * updates do not run further interleaved writes (one per update of the code under test).
   */
  interleave(write: () => Promise<void>) {
    this.beforeNextUpdate.push(write);
  }

  private interleaving = false;

  private async runInterleaved() {
    if (this.interleaving) return;
    const write = this.beforeNextUpdate.shift();
    if (!write) return;
    this.interleaving = true;
    try {
      await write();
    } finally {
      this.interleaving = false;
    }
  }

  /** Writes an order as it is (a fixture), with no event. */
  put(order: OrderRecord) {
    this.rows.set(order.id, { order: copy(order), handled: new Set(), events: new Map() });
    this.byUser.push({ userId: order.userId, createdAt: order.createdAt, orderId: order.id });
    this.deadlines.set(order.id, order.expiresAt);
    return order;
  }

  /** The events written with the order's changes, in order (its outbox rows, published or not). */
  outbox(orderId: string): ShopEvent[] {
    return [...(this.rows.get(orderId)?.events.values() ?? [])]
      .filter(({ event }) => event.source === 'order-service')
      .map(({ event }) => event);
  }

  async create(order: OrderRecord, event: ShopEvent) {
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = null;
      throw error;
    }
    this.byUser.push({ userId: order.userId, createdAt: order.createdAt, orderId: order.id });
    this.deadlines.set(order.id, order.expiresAt);
    if (this.rows.has(order.id)) return false;
    const events = new Map([[event.eventId, { event, published: false }]]);
    this.rows.set(order.id, { order: copy(order), handled: new Set(), events });
    return true;
  }

  async find(orderId: string) {
    const row = this.rows.get(orderId);
    return row ? copy(row.order) : null;
  }

  async update(order: OrderRecord, { expectedVersion, changes, events, cause, now }: OrderUpdate) {
    await this.runInterleaved();
    // As the repository does: the index row first, whether the change then applies or not.
    const entersPaid = changes.status === 'PAID' && order.status !== 'PAID';
    if (entersPaid) this.indexPaid(order.id, now);
    const row = this.rows.get(order.id);
    if (!row || row.order.version !== expectedVersion) return false;
    if (order.status === 'PAID' && (changes.status ?? 'PAID') !== 'PAID')
      await this.clearPaid(order.id, order.updatedAt);
    row.order = copy({
      ...order,
      ...changes,
      updatedAt: now,
      version: expectedVersion + 1,
    } as OrderRecord);
    for (const event of events) row.events.set(event.eventId, { event, published: false });
    if (cause) {
      row.handled.add(cause.eventId);
      if (cause.source !== 'order-service')
        row.events.set(cause.eventId, { event: cause, published: true });
    }
    return true;
  }

  async findForEvent(orderId: string, eventId: string) {
    const order = await this.find(orderId);
    if (!order) return null;
    return { order, handled: this.rows.get(orderId)?.handled.has(eventId) ?? false };
  }

  async recordForeignEvent(event: ShopEvent) {
    const row = this.rows.get(event.orderId);
    if (row && !row.events.has(event.eventId))
      row.events.set(event.eventId, { event, published: true });
  }

  async timeline(orderId: string): Promise<TimelineEntry[]> {
    return [...(this.rows.get(orderId)?.events.values() ?? [])]
      .map(({ event }) => ({
        eventId: event.eventId,
        type: event.type,
        source: event.source,
        occurredAt: new Date(event.occurredAt),
        data: event.data,
      }))
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  }

  async listByUser(userId: string, limit: number, cursor: string | undefined) {
    const ids = this.byUser
      .filter((entry) => entry.userId === userId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((entry) => entry.orderId);
    const start = cursor ? Number(cursor) : 0;
    const next = start + limit;
    return { ids: ids.slice(start, next), cursor: next < ids.length ? String(next) : null };
  }

  /** The shop-wide listing: every order newest first, by current status; a position is an index. */
  async listEveryone(query: {
    status?: OrderStatus | undefined;
    limit: number;
    after: ListPosition | null;
  }) {
    const entries = this.byUser
      .filter(
        (entry) => !query.status || this.rows.get(entry.orderId)?.order.status === query.status,
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((entry) => ({
        orderId: entry.orderId,
        day: entry.createdAt.toISOString().slice(0, 10),
        createdAt: entry.createdAt.getTime(),
      }));
    const start = query.after
      ? entries.findIndex((entry) => entry.orderId === query.after?.orderId) + 1
      : 0;
    const page = entries.slice(start, start + query.limit);
    const last = page.at(-1);
    return {
      entries: page,
      next:
        last && start + query.limit < entries.length
          ? { day: last.day, createdAt: last.createdAt, orderId: last.orderId }
          : null,
    };
  }

  async dueDeadlines(now: Date, limit: number) {
    return [...this.deadlines]
      .filter(([, expiresAt]) => expiresAt <= now)
      .slice(0, limit)
      .map(([orderId, expiresAt]) => ({ orderId, expiresAt }));
  }

  async clearDeadline(orderId: string) {
    this.deadlines.delete(orderId);
  }

  /** The deadlines still indexed (what the sweeper has not cleared). */
  indexedDeadlines() {
    return [...this.deadlines.keys()];
  }

  /** Writes a row of the PAID index as it is (a fixture: a row whose write did not apply). */
  indexPaid(orderId: string, paidAt: Date) {
    this.paid.push({ orderId, paidAt });
  }

  async paidIndex(limit: number) {
    const sorted = [...this.paid].sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime());
    return [sorted.slice(0, limit)];
  }

  async clearPaid(orderId: string, paidAt: Date) {
    this.paid = this.paid.filter(
      (row) => row.orderId !== orderId || row.paidAt.getTime() !== paidAt.getTime(),
    );
  }

  /** The orders the PAID index still names. */
  indexedPaid() {
    return this.paid.map((row) => row.orderId);
  }
}
