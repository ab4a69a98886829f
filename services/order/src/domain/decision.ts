import type { ShopEvent } from '@shop/contracts';
import { type DomainError, NotFoundError, UnavailableError } from '@shop/platform/errors';
import type { ChangeDeps } from './deps.js';
import type { OrderChanges, OrderRecord } from './model.js';

/** A state change of an order with the events announcing it (and the event that caused it). */
export interface OrderChange {
  changes: OrderChanges;
  events: ShopEvent[];
  /** The consumed event behind the change: recorded with it, so a redelivery is recognised. */
  cause?: ShopEvent;
}

/** The order may not do this in its current state: 4xx on the API, logged for an event. */
export interface Refusal {
  refused: DomainError;
}

/**
 * What a command or an event does to an order in its current state, decided by a pure function:
 * a change, nothing (it is already so), or a refusal.
 */
export type Decision = OrderChange | Refusal | null;

export const refuse = (error: DomainError): Refusal => ({ refused: error });

export const isRefusal = (decision: Decision): decision is Refusal =>
  decision !== null && 'refused' in decision;

export const orderNotFound = (id: string) => new NotFoundError(`No order ${id}`);

export interface ChangeOutcome {
  /** The order afterwards (as stored now, when nothing was applied). */
  order: OrderRecord;
  /** The order the change was decided on (the last one read). */
  before: OrderRecord;
  applied: boolean;
  refusal?: DomainError;
}

export interface ChangeOptions {
  /** Runs after each decision that is not a refusal, before the write (e.g. align the hold). */
  prepare?: (current: OrderRecord) => Promise<void>;
  /** The error when the order keeps changing under us (503 unless said otherwise). */
  exhausted?: () => DomainError;
}

const ROUNDS = 10;

/**
 * Applies what `decide` says as one compare-and-set on `version` (the change with its events,
 * written together). A lost race re-reads the order and asks `decide` again, so concurrent
 * writers never overwrite each other.
 */
export const changeOrder = async (
  deps: ChangeDeps,
  order: OrderRecord,
  decide: (current: OrderRecord) => Decision,
  options: ChangeOptions = {},
): Promise<ChangeOutcome> => {
  let current = order;
  for (let round = 0; round < ROUNDS; round += 1) {
    const decision = decide(current);
    if (isRefusal(decision))
      return { order: current, before: current, applied: false, refusal: decision.refused };
    await options.prepare?.(current);
    if (!decision) return { order: current, before: current, applied: false };
    const now = deps.now();
    if (await deps.orders.update(current, { expectedVersion: current.version, now, ...decision })) {
      const after = {
        ...current,
        ...decision.changes,
        version: current.version + 1,
        updatedAt: now,
      };
      return { order: after, before: current, applied: true };
    }
    const reread = await deps.orders.find(order.id);
    if (!reread) throw orderNotFound(order.id);
    current = reread;
  }
  throw (
    options.exhausted?.() ??
    new UnavailableError(`Order ${order.id} is changing too often; try again`)
  );
};

/** A command: its refusal is the caller's error; otherwise the order as it is afterwards. */
export const commandOrder = async (
  deps: ChangeDeps,
  order: OrderRecord,
  decide: (current: OrderRecord) => Decision,
  options?: ChangeOptions,
): Promise<OrderRecord> => {
  const outcome = await changeOrder(deps, order, decide, options);
  if (outcome.refusal) throw outcome.refusal;
  return outcome.order;
};
