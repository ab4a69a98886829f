import { MemoryIdempotencyKeyStore } from '@shop/testing/memory-idempotency';
import { describe, expect, it } from 'vitest';
import { ConflictError, UnavailableError } from '../../src/errors.js';
import {
  canonicalJson,
  type OncePerKeyOptions,
  oncePerKey,
  requestFingerprint,
} from '../../src/idempotency.js';

const scope = { userId: 'u1', scope: 'create-thing', key: 'key-0001' };
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));

const setup = () => {
  const store = new MemoryIdempotencyKeyStore();
  let runs = 0;
  const once = (overrides: Partial<OncePerKeyOptions> = {}) =>
    oncePerKey({
      store,
      scope,
      request: { name: 'lamp', quantity: 2 },
      resourceId: `thing-${runs + 1}`,
      now: at(0),
      abandonedAfterMs: 30_000,
      run: async (resourceId) => {
        runs += 1;
        return { status: 201, body: { id: resourceId } };
      },
      ...overrides,
    });
  return { store, once, runs: () => runs };
};

describe('one mechanism for Idempotency-Keys', () => {
  it('when a request is retried with its key, then the first response is replayed and the work ran once', async () => {
    const { once, runs } = setup();
    const first = await once();
    const retry = await once({ request: { quantity: 2, name: 'lamp' } });
    expect(retry).toEqual(first);
    expect(runs()).toBe(1);
  });

  it('when the key comes with another request, then 422 and nothing runs', async () => {
    const { once, runs } = setup();
    await once();
    await expect(once({ request: { name: 'lamp', quantity: 3 } })).rejects.toMatchObject({
      status: 422,
      code: 'idempotency-key-reused',
    });
    expect(runs()).toBe(1);
  });

  it('when the first request still runs, then a retry gets 409; once it died, one retry takes over', async () => {
    const { store, once } = setup();
    await store.claim(scope, {
      requestHash: requestFingerprint({ name: 'lamp', quantity: 2 }),
      resourceId: 'dead',
      now: at(0),
    });
    await expect(once({ now: at(10) })).rejects.toMatchObject({ status: 409 });
    const [a, b] = await Promise.allSettled([once({ now: at(40) }), once({ now: at(40) })]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('when a request died after creating its resource, then the retry answers with that resource instead of working again', async () => {
    const { store, once, runs } = setup();
    await store.claim(scope, {
      requestHash: requestFingerprint({ name: 'lamp', quantity: 2 }),
      resourceId: 'made',
      now: at(0),
    });
    const recovered = await once({
      now: at(5),
      recover: async (id) =>
        id === 'made' ? { status: 201, body: { id, recovered: true } } : null,
    });
    expect(recovered).toEqual({ status: 201, body: { id: 'made', recovered: true } });
    expect(runs()).toBe(0);
    expect(
      (await store.claim(scope, { requestHash: 'x', resourceId: null, now: at(6) }))?.response,
    ).toEqual(recovered);
  });

  it('when the work is refused, then the refusal is the answer replayed; an outage frees the key', async () => {
    const { store, once } = setup();
    const refused = await once({
      run: async () => {
        throw new ConflictError('out-of-stock', 'No lamps left');
      },
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'out-of-stock' } });
    expect(await once()).toEqual(refused);

    store.claims.clear();
    await expect(
      once({
        run: async () => {
          throw new UnavailableError('store down');
        },
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(store.claims.size).toBe(0);
  });

  it('when refusals are not to be kept, then a refused request frees its key', async () => {
    const { store, once, runs } = setup();
    await expect(
      once({
        refusals: 'forget',
        run: async () => {
          throw new ConflictError('out-of-stock', 'No lamps left');
        },
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(store.claims.size).toBe(0);
    expect(await once()).toMatchObject({ status: 201 });
    expect(runs()).toBe(1);
  });

  it('when a claim kept no fingerprint (erased from before), then its retry is replayed', async () => {
    const { store, once } = setup();
    await store.claim(scope, { requestHash: 'x', resourceId: null, now: at(0) });
    const kept = store.claims.get(`${scope.userId}/${scope.scope}/${scope.key}`);
    if (kept)
      Object.assign(kept, { requestHash: null, response: { status: 201, body: { id: 'old' } } });
    expect(await once()).toEqual({ status: 201, body: { id: 'old' } });
  });

  it('when two requests differ only in key order, then their fingerprints are equal', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(requestFingerprint({ a: 1, b: 2 })).toBe(requestFingerprint({ b: 2, a: 1 }));
  });
});
