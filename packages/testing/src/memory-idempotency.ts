import type {
  IdempotencyKeyStore,
  KeyClaim,
  KeyScope,
  StoredResponse,
} from '@shop/platform/idempotency';

const keyOf = ({ userId, scope, key }: KeyScope) => `${userId}/${scope}/${key}`;

/**
 * Idempotency-Keys in memory, with the semantics every real store has: `claim` writes only a
 * free key, `takeOver` is a compare-and-set on the earlier claim, `complete` keeps the answer.
 */
export class MemoryIdempotencyKeyStore implements IdempotencyKeyStore {
  readonly claims = new Map<string, KeyClaim>();

  async claim(
    scope: KeyScope,
    { requestHash, resourceId, now }: { requestHash: string; resourceId: string | null; now: Date },
  ) {
    const existing = this.claims.get(keyOf(scope));
    if (existing) return { ...existing };
    this.claims.set(keyOf(scope), { requestHash, resourceId, claimedAt: now, response: null });
    return null;
  }

  async takeOver(
    scope: KeyScope,
    earlier: KeyClaim,
    next: { resourceId: string | null; now: Date },
  ) {
    const current = this.claims.get(keyOf(scope));
    if (!current || current.claimedAt.getTime() !== earlier.claimedAt.getTime()) return false;
    this.claims.set(keyOf(scope), { ...current, ...next, claimedAt: next.now });
    return true;
  }

  async complete(scope: KeyScope, response: StoredResponse) {
    const current = this.claims.get(keyOf(scope));
    if (current) this.claims.set(keyOf(scope), { ...current, response });
  }

  async release(scope: KeyScope) {
    this.claims.delete(keyOf(scope));
  }
}
