import type { IdempotencyClaim, IdempotencyStore } from '../../../src/domain/ports.js';

/**
 * The idempotency repository's semantics in memory (data/idempotency-repository.ts): `claim`
 * inserts only if the key is free (else returns the binding), `takeOver` is a compare-and-set on
 * the bound order id, `release` frees the key.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly claims = new Map<string, IdempotencyClaim>();

  constructor(private readonly now: () => Date) {}

  async claim(userId: string, key: string, requestHash: string, orderId: string) {
    const existing = this.claims.get(`${userId}/${key}`);
    if (existing) return { ...existing };
    this.claims.set(`${userId}/${key}`, { orderId, requestHash, claimedAt: this.now() });
    return null;
  }

  async takeOver(userId: string, key: string, from: string, to: string) {
    const existing = this.claims.get(`${userId}/${key}`);
    if (!existing || existing.orderId !== from) return false;
    this.claims.set(`${userId}/${key}`, { ...existing, orderId: to, claimedAt: this.now() });
    return true;
  }

  async release(userId: string, key: string) {
    this.claims.delete(`${userId}/${key}`);
  }
}
