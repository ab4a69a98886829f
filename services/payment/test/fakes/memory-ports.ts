import {
  ConflictError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
} from '@shop/platform/errors';
import type { CardSummary } from '../../src/domain/model.js';
import type { Accounts, GatewayLedger, LedgerEntry, Orders } from '../../src/domain/ports.js';
import { isRefusal, type OrderBook } from './order-book.js';

/** The gateway's ledger in memory: one entry per attempt key, the first write wins. */
export const createMemoryLedger = (): GatewayLedger & { entries: Map<string, LedgerEntry> } => {
  const entries = new Map<string, LedgerEntry>();
  return {
    entries,
    find: async (key) => structuredClone(entries.get(key) ?? null),
    settle: async (key, entry) => {
      if (!entries.has(key)) entries.set(key, structuredClone(entry));
      return structuredClone(entries.get(key) as LedgerEntry);
    },
  };
};

export interface FakeOrders extends Orders {
  book: OrderBook;
  /** What order-service's registration does instead of answering (tests set it). */
  registration: 'answers' | 'unreachable' | 'answer-lost';
  /** Runs between the pre-check (`get`) and the registration: the order changes meanwhile. */
  beforeRegister?: () => void;
}

/**
 * order-service as the Orders port sees it, over an order book: refusals become the domain
 * errors the HTTP client throws (404, 409, 422 with order-service's code), and no answer a 503.
 */
export const createFakeOrders = (book: OrderBook): FakeOrders => {
  const orders: FakeOrders = {
    book,
    registration: 'answers',
    get: async (orderId) => book.get(orderId),
    registerAttempt: async (orderId, body) => {
      orders.beforeRegister?.();
      if (orders.registration === 'unreachable')
        throw new UnavailableError('order-service is unreachable; try again');
      const answer = book.register(orderId, body);
      if (orders.registration === 'answer-lost')
        throw new UnavailableError('order-service is unreachable; try again');
      if (!isRefusal(answer)) return;
      if (answer.status === 404) throw new NotFoundError(answer.detail);
      if (answer.status === 409) throw new ConflictError(answer.code, answer.detail);
      throw new UnprocessableError(answer.code, answer.detail);
    },
  };
  return orders;
};

/** account-service's saved cards. */
export const createFakeAccounts = (): Accounts & { cards: Map<string, CardSummary> } => {
  const cards = new Map<string, CardSummary>();
  return { cards, savedCard: async (userId) => cards.get(userId) ?? null };
};
