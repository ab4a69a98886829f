import type { HoldStatus, ShopEvent } from '@shop/contracts';
import type { HoldRecord } from '../../../src/domain/model.js';
import type { HoldStore } from '../../../src/domain/ports.js';

/** The same bound as the repository: a hold sees a handful of events in its life. */
const HANDLED_EVENTS_KEPT = 50;

const copy = <T>(value: T): T => structuredClone(value);

/**
 * HoldStore in memory, with the guards of the MongoDB repository: a transition applies only if
 * the hold is still in `from` and has not handled the causing event, and its state, events and
 * the event id are written together. The events stay in `outbox` (no relay takes them).
 */
export const memoryHoldStore = () => {
  const holds = new Map<string, { record: HoldRecord; outbox: ShopEvent[] }>();
  /** Every transition that applied, in order: the path each hold took. */
  const moves: { orderId: string; from: HoldStatus; to: HoldStatus }[] = [];

  const record = (
    stored: { record: HoldRecord; outbox: ShopEvent[] },
    events: ShopEvent[],
    handledEventId: string | undefined,
  ) => {
    stored.outbox.push(...copy(events));
    if (handledEventId)
      stored.record.handledEvents = [...stored.record.handledEvents, handledEventId].slice(
        -HANDLED_EVENTS_KEPT,
      );
  };

  const store: HoldStore = {
    insert: async (hold, events = []) => {
      if (holds.has(hold.orderId)) return false;
      holds.set(hold.orderId, { record: copy(hold), outbox: copy(events) });
      return true;
    },
    find: async (orderId) => copy(holds.get(orderId)?.record ?? null),
    findMany: async (orderIds) =>
      orderIds.flatMap((orderId) => {
        const stored = holds.get(orderId);
        return stored ? [copy(stored.record)] : [];
      }),
    transition: async (orderId, from, { to, set = {}, events = [], handledEventId }, now) => {
      const stored = holds.get(orderId);
      if (!stored || stored.record.status !== from) return false;
      if (handledEventId && stored.record.handledEvents.includes(handledEventId)) return false;
      stored.record = { ...stored.record, ...copy(set), status: to, updatedAt: now };
      record(stored, events, handledEventId);
      moves.push({ orderId, from, to });
      return true;
    },
    appendEvents: async (orderId, events, handledEventId, now) => {
      const stored = holds.get(orderId);
      if (!stored || stored.record.handledEvents.includes(handledEventId)) return false;
      stored.record.updatedAt = now;
      record(stored, events, handledEventId);
      return true;
    },
    deletePending: async (orderId) => {
      if (holds.get(orderId)?.record.status === 'PENDING') holds.delete(orderId);
    },
    deleteAbandoned: async (orderId) => {
      const hold = holds.get(orderId)?.record;
      if (hold?.status === 'RELEASING' && hold.releaseReason === 'abandoned') holds.delete(orderId);
    },
    stuck: async (statuses, before, limit) =>
      [...holds.values()]
        .map((stored) => stored.record)
        .filter((hold) => statuses.includes(hold.status) && hold.updatedAt < before)
        .slice(0, limit)
        .map(copy),
    expired: async (now, limit) =>
      [...holds.values()]
        .map((stored) => stored.record)
        .filter((hold) => hold.status === 'HELD' && hold.expiresAt < now)
        .slice(0, limit)
        .map(copy),
  };
  return {
    ...store,
    moves,
    /** The events written with the hold's changes, oldest first. */
    outbox: (orderId: string) => copy(holds.get(orderId)?.outbox ?? []),
    /** The path the hold took, as "FROM→TO". */
    pathOf: (orderId: string) =>
      moves.filter((m) => m.orderId === orderId).map((m) => `${m.from}→${m.to}`),
  };
};

export type MemoryHoldStore = ReturnType<typeof memoryHoldStore>;
