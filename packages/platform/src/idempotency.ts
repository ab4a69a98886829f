import { createHash } from 'node:crypto';
import { ConflictError, DomainError, toProblem, UnprocessableError } from './errors.js';

/**
 * Idempotency-Keys, one mechanism for every service that takes them (as payment processors do):
 * the first request with a key runs and its response (status and body, refusals included) is
 * kept; a retry with the same request gets that response again; the same key with another
 * request is 422; a retry while the first still runs is 409; a first request that died (its
 * claim older than `abandonedAfterMs`, no response) is taken over by one retry. Where the work
 * leaves a resource behind (an order, a payment), a retry after a crash answers with that
 * resource instead of doing the work again. Keys are scoped to the user and the operation.
 */

export interface KeyScope {
  userId: string;
  /** The operation, so one key used for two operations is two keys. */
  scope: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What a store holds about a claimed key. */
export interface KeyClaim {
  /** null: a claim kept from before fingerprints were safe to store (see the stores' migrations). */
  requestHash: string | null;
  /** The resource the request is creating (chosen before the work starts), if any. */
  resourceId: string | null;
  claimedAt: Date;
  /** Set once the request answered; replayed to every retry. */
  response: StoredResponse | null;
}

/** Where the keys live (each service's own store). Each method is one atomic write or read. */
export interface IdempotencyKeyStore {
  /** Claims the key for a new request; if it was claimed before, returns that claim (and writes nothing). */
  claim(
    scope: KeyScope,
    claim: { requestHash: string; resourceId: string | null; now: Date },
  ): Promise<KeyClaim | null>;
  /** Moves an abandoned claim to this request: a compare-and-set on the earlier `claimedAt`. */
  takeOver(
    scope: KeyScope,
    earlier: KeyClaim,
    next: { resourceId: string | null; now: Date },
  ): Promise<boolean>;
  complete(scope: KeyScope, response: StoredResponse): Promise<void>;
  /** Forgets a claim whose request failed unexpectedly, so that a retry runs it again. */
  release(scope: KeyScope): Promise<void>;
}

/** JSON with every object's keys sorted: the same request gives the same text, whatever the key order. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );

/**
 * The fingerprint of a request: SHA-256 of its canonical JSON. Callers pass the request with
 * anything secret already replaced (a card number by a keyed hash of it): a fingerprint is
 * stored, and must not let a secret be recovered.
 */
export const requestFingerprint = (request: unknown) =>
  createHash('sha256').update(canonicalJson(request)).digest('hex');

export interface OncePerKeyOptions {
  store: IdempotencyKeyStore;
  scope: KeyScope;
  /** The request as it counts for "the same request" (secrets already replaced). */
  request: unknown;
  /** The resource this request will create, named before the work starts. */
  resourceId?: string;
  now: Date;
  /** A claim this old without a response belongs to a request that died. */
  abandonedAfterMs: number;
  /** The work; its response is kept for retries. */
  run: (resourceId: string | null) => Promise<StoredResponse>;
  /**
   * The answer for a resource an earlier request with this key created, if it exists and is
   * final (the request died before it could answer, or answers right now): no work is repeated.
   */
  recover?: (resourceId: string) => Promise<StoredResponse | null>;
  /**
   * Whether a refusal (a 4xx domain error) is kept as the key's answer (the default, as payment
   * processors do) or frees the key, so that a retry with it runs again once the world changed
   * (an order refused for want of stock may succeed later with the same key).
   */
  refusals?: 'keep' | 'forget';
}

const reused = () =>
  new UnprocessableError(
    'idempotency-key-reused',
    'This Idempotency-Key was used with a different request',
  );

const inProgress = () =>
  new ConflictError(
    'request-in-progress',
    'A request with this Idempotency-Key is still running; retry shortly',
  );

/** What a request finds when its key was claimed before: answer, go ahead (take over), or refuse. */
const afterEarlierClaim = async (
  options: OncePerKeyOptions,
  earlier: KeyClaim,
  requestHash: string,
): Promise<StoredResponse | 'take-over'> => {
  // A claim whose fingerprint was erased (it held card data) cannot be compared: its retry is
  // taken to be the same request, as it most likely is; such claims expire within a day.
  if (earlier.requestHash !== null && earlier.requestHash !== requestHash) throw reused();
  if (earlier.response) return earlier.response;
  const recovered =
    earlier.resourceId && options.recover ? await options.recover(earlier.resourceId) : null;
  if (recovered) {
    await options.store.complete(options.scope, recovered);
    return recovered;
  }
  const age = options.now.getTime() - earlier.claimedAt.getTime();
  if (age <= options.abandonedAfterMs) throw inProgress();
  return 'take-over';
};

const isRefusal = (error: unknown): error is DomainError =>
  error instanceof DomainError && error.status < 500;

/** Runs the work and keeps its response (and refusals, unless told not to); failures free the key. */
const runAndKeep = async (options: OncePerKeyOptions, resourceId: string | null) => {
  let response: StoredResponse;
  try {
    response = await options.run(resourceId);
  } catch (error) {
    if (!isRefusal(error) || options.refusals === 'forget') {
      await options.store.release(options.scope).catch(() => undefined);
      throw error;
    }
    response = { status: error.status, body: toProblem(error) };
  }
  await options.store.complete(options.scope, response);
  return response;
};

/** Runs `run` once per Idempotency-Key (see the top of this file). */
export const oncePerKey = async (options: OncePerKeyOptions): Promise<StoredResponse> => {
  const requestHash = requestFingerprint(options.request);
  const resourceId = options.resourceId ?? null;
  const earlier = await options.store.claim(options.scope, {
    requestHash,
    resourceId,
    now: options.now,
  });
  if (earlier) {
    const found = await afterEarlierClaim(options, earlier, requestHash);
    if (found !== 'take-over') return found;
    // Two retries may both find the claim abandoned: the compare-and-set lets one take it.
    const next = { resourceId, now: options.now };
    if (!(await options.store.takeOver(options.scope, earlier, next))) throw inProgress();
  }
  return await runAndKeep(options, resourceId);
};
