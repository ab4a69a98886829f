import { generateKeyPairSync, type JsonWebKey, type KeyObject, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keySetCache } from '../../src/auth/key-set-cache.js';
import { toPublicJwk } from '../../src/auth/keys.js';

const newKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

/** A JWKS read that counts its calls and answers what `keys` holds at the time (or fails). */
const fakeJwks = (keys: KeyObject[]) => {
  const source = {
    keys,
    down: false,
    reads: 0,
    read: async (): Promise<JsonWebKey[]> => {
      source.reads += 1;
      if (source.down) throw new Error('connect ECONNREFUSED');
      return source.keys.map(toPublicJwk);
    },
  };
  return source;
};

const clock = (start = 1_000_000) => {
  const time = { now: start, advance: (ms: number) => (time.now += ms) };
  return time;
};

const signedBy = (key: KeyObject) => {
  const data = Buffer.from('header.payload');
  return { data, signature: sign('sha256', data, key) };
};

describe('keySetCache', () => {
  it('when many tokens with unknown kids arrive within 30 s, then the set is read once and each is refused', async () => {
    const jwks = fakeJwks([newKey()]);
    const time = clock();
    const resolve = keySetCache({ source: jwks.read, now: () => time.now });

    await resolve({ kid: toPublicJwk(jwks.keys[0] as KeyObject).kid });
    time.advance(30_000);
    const flood = () => Array.from({ length: 50 }, () => resolve({ kid: crypto.randomUUID() }));
    const outcomes = [...(await Promise.allSettled(flood()))];
    time.advance(29_000);
    outcomes.push(...(await Promise.allSettled(flood())));

    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(jwks.reads).toBe(2); // the first read, then one for both floods
  });

  it('when 30 s have passed since the last read, then an unknown kid reads the set again and finds a new key', async () => {
    const jwks = fakeJwks([newKey()]);
    const time = clock();
    const resolve = keySetCache({ source: jwks.read, now: () => time.now });
    await resolve({ kid: toPublicJwk(jwks.keys[0] as KeyObject).kid });
    const next = newKey();
    jwks.keys = [...jwks.keys, next];

    await expect(resolve({ kid: toPublicJwk(next).kid })).rejects.toThrow();
    time.advance(30_000);
    const pem = await resolve({ kid: toPublicJwk(next).kid });

    const { data, signature } = signedBy(next);
    expect(verify('sha256', data, pem, signature)).toBe(true);
    expect(jwks.reads).toBe(2);
  });

  it('when a token is signed by the previous key that the set still publishes, then it verifies without another read', async () => {
    const previous = newKey();
    const current = newKey();
    const jwks = fakeJwks([current, previous]);
    const resolve = keySetCache({ source: jwks.read });

    const currentPem = await resolve({ kid: toPublicJwk(current).kid });
    const previousPem = await resolve({ kid: toPublicJwk(previous).kid });

    const old = signedBy(previous);
    const fresh = signedBy(current);
    expect(verify('sha256', old.data, previousPem, old.signature)).toBe(true);
    expect(verify('sha256', fresh.data, currentPem, fresh.signature)).toBe(true);
    expect(verify('sha256', old.data, currentPem, old.signature)).toBe(false);
    expect(jwks.reads).toBe(1);
  });

  it('when account-service is down after a read, then known keys go on verifying and reads back off', async () => {
    const key = newKey();
    const kid = toPublicJwk(key).kid;
    const jwks = fakeJwks([key]);
    const time = clock();
    const errors: unknown[] = [];
    const resolve = keySetCache({
      source: jwks.read,
      cacheTtlMs: 60_000,
      now: () => time.now,
      onError: (error) => errors.push(error),
    });
    await resolve({ kid });
    jwks.down = true;
    time.advance(61_000); // the set is stale: the next call tries to read it

    await expect(resolve({ kid })).resolves.toContain('BEGIN PUBLIC KEY');
    for (let call = 0; call < 20; call += 1) await resolve({ kid });
    time.advance(1_000);
    await resolve({ kid });

    expect(jwks.reads).toBe(3); // the first, the failed one, one retry a second later
    expect(errors).toHaveLength(2);
  });

  it('when the set is older than its time to live, then it is read again and a key no longer published stops verifying', async () => {
    const retired = newKey();
    const current = newKey();
    const jwks = fakeJwks([current, retired]);
    const time = clock();
    const resolve = keySetCache({ source: jwks.read, cacheTtlMs: 60_000, now: () => time.now });
    await resolve({ kid: toPublicJwk(retired).kid });
    jwks.keys = [current];

    time.advance(60_000);

    await expect(resolve({ kid: toPublicJwk(retired).kid })).rejects.toThrow();
    await expect(resolve({ kid: toPublicJwk(current).kid })).resolves.toContain('PUBLIC KEY');
    expect(jwks.reads).toBe(2);
  });

  it('when the set holds keys of other types or a token has no kid, then those are never used', async () => {
    const key = newKey();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
      format: 'jwk',
    });
    const resolve = keySetCache({
      source: async () => [{ ...rsa, kid: 'rsa-key', alg: 'RS256' }, toPublicJwk(key)],
    });

    await expect(resolve({})).rejects.toThrow('token has no kid');
    await expect(resolve({ kid: 'rsa-key' })).rejects.toThrow('unknown signing key');
    await expect(resolve({ kid: toPublicJwk(key).kid })).resolves.toContain('PUBLIC KEY');
  });
});
