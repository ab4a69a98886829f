import { LRUCache } from 'lru-cache';
import type { Recipient, Recipients } from '../domain/ports.js';

export interface RecipientCacheOptions {
  /** How long an address is reused before account-service is asked again. */
  ttlMs: number;
  /** How many accounts are kept at most (least recently used go first). */
  max: number;
}

/**
 * Remembers the recipients account-service gave, so an order's emails (placed, paid,
 * completed: seconds apart) ask it once instead of once each. The address does not change (no
 * API changes it); the name does (PATCH /accounts), so the time limit is short: a renamed
 * customer is greeted by the new name within it. Only found accounts are kept: a 404 or an
 * outage is asked again next time.
 */
export const cachedRecipients = (
  inner: Recipients,
  { ttlMs, max }: RecipientCacheOptions,
): Recipients => {
  const known = new LRUCache<string, Recipient>({ max, ttl: ttlMs });
  return {
    find: async (userId) => {
      const cached = known.get(userId);
      if (cached) return cached;
      const recipient = await inner.find(userId);
      if (recipient) known.set(userId, recipient);
      return recipient;
    },
  };
};
