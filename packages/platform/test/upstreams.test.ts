import { closedPortUrl, type Replica, startReplica } from '@shop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  baseUrlsOf,
  connectionFailure,
  tracedRequest,
  type UpstreamAnswer,
  type UpstreamOptions,
  upstreams,
} from '../src/index.js';

const replicas: Replica[] = [];
afterEach(async () => {
  await Promise.all(replicas.splice(0).map(async (replica) => await replica.stop()));
});

const replica = async (name: string, behaviour?: Replica['behaviour']) => {
  const started = await startReplica(name, behaviour);
  replicas.push(started);
  return started;
};

/** Each test its own record of skipped replicas, and a clock it moves itself. */
const isolated = (options: UpstreamOptions = {}) => {
  const clock = { now: 1_000_000 };
  return { clock, options: { skipped: new Map(), now: () => clock.now, ...options } };
};

const answeredBy = (answer: UpstreamAnswer) => (answer.json() as { replica: string }).replica;

describe('upstreams', () => {
  it('when a service has two replicas, then calls alternate between them', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    const service = upstreams(`${a.url},${b.url}`, isolated().options);

    const names = [];
    for (let call = 0; call < 6; call += 1)
      names.push(answeredBy(await service.request('/api/v1/things')));

    expect(names).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('when a replica refuses connections, then every call is answered by the other and the dead one is skipped for a while', async () => {
    const alive = await replica('alive');
    const dead = await closedPortUrl();
    const { clock, options } = isolated({ skipForMs: 5_000 });
    const service = upstreams([dead, alive.url], options);

    for (let call = 0; call < 4; call += 1) {
      const response = await service.request('/api/v1/things', {
        method: 'POST',
        body: `n${call}`,
      });
      expect(answeredBy(response)).toBe('alive');
    }
    expect(alive.seen.map((request) => request.body)).toEqual(['n0', 'n1', 'n2', 'n3']);
    // While skipped it comes last, whichever replica's turn it is.
    expect([service.order(), service.order()]).toEqual([
      [alive.url, dead],
      [alive.url, dead],
    ]);

    clock.now += 5_001;
    // Back in the rotation once the skip is over.
    expect([service.order()[0], service.order()[0]].sort()).toEqual([alive.url, dead].sort());
  });

  it('when the connection is reset before an answer, then the call is sent to the next replica', async () => {
    const crashing = await replica('crashing', 'reset');
    const alive = await replica('alive');
    const service = upstreams([crashing.url, alive.url], isolated().options);

    const response = await service.request('/api/v1/holds', { method: 'PUT', body: 'lines' });

    expect(answeredBy(response)).toBe('alive');
    expect(crashing.seen).toHaveLength(1);
    expect(alive.seen.map((request) => request.body)).toEqual(['lines']);
  });

  it('when a replica gives no answer to a GET within the first-byte timeout, then the next one answers it', async () => {
    const frozen = await replica('frozen', 'hang');
    const alive = await replica('alive');
    const service = upstreams(
      [frozen.url, alive.url],
      isolated({ firstByteTimeoutMs: 300 }).options,
    );

    const started = Date.now();
    const response = await service.request('/api/v1/items', { signal: AbortSignal.timeout(5_000) });

    expect(answeredBy(response)).toBe('alive');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(frozen.seen).toHaveLength(1);
  });

  it("when a write gets no answer, then it is not sent again: the caller's deadline ends it", async () => {
    const frozen = await replica('frozen', 'hang');
    const alive = await replica('alive');
    const service = upstreams(
      [frozen.url, alive.url],
      isolated({ firstByteTimeoutMs: 100 }).options,
    );

    await expect(
      service.request('/api/v1/orders', {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.timeout(600),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(alive.seen).toHaveLength(0);
  });

  it('when the caller aborts, then no other replica is tried', async () => {
    const frozen = await replica('frozen', 'hang');
    const alive = await replica('alive');
    const service = upstreams(
      [frozen.url, alive.url],
      isolated({ firstByteTimeoutMs: 5_000 }).options,
    );

    await expect(
      service.request('/api/v1/items', { signal: AbortSignal.timeout(200) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(alive.seen).toHaveLength(0);
  });

  it('when a replica answers with an error status, then that answer is the result', async () => {
    const unavailable = await replica('unavailable', 'unavailable');
    const alive = await replica('alive');
    const service = upstreams([unavailable.url, alive.url], isolated().options);

    const response = await service.request('/api/v1/orders/1');

    expect(response.status).toBe(503);
    expect(alive.seen).toHaveLength(0);
  });

  it('when an attempt fails for another reason than the connection, then no other replica is tried', async () => {
    const tried: string[] = [];
    const service = upstreams(['http://127.0.0.1:1', 'http://127.0.0.1:2'], isolated().options);

    await expect(
      service.run(async (base) => {
        tried.push(base);
        throw new TypeError('a bug, not the network');
      }),
    ).rejects.toThrow('a bug, not the network');
    expect(tried).toHaveLength(1);
  });

  it('when every replica is down, then each is tried once and the last failure is thrown', async () => {
    const [one, two] = [await closedPortUrl(), await closedPortUrl()];
    const tried: string[] = [];
    const service = upstreams(`${one},${two}`, isolated().options);

    const failure = await service
      .run(async (base) => {
        tried.push(base);
        return await tracedRequest(base);
      })
      .catch((error: unknown) => error);

    expect(tried.sort()).toEqual([one, two].sort());
    expect(connectionFailure(failure)).toBe('not-sent');
  });
});

describe('baseUrlsOf and connectionFailure', () => {
  it('when a variable lists base URLs, then blanks and trailing slashes are dropped', () => {
    expect(baseUrlsOf(' http://a:1/ , http://b:2,')).toEqual(['http://a:1', 'http://b:2']);
    expect(() => baseUrlsOf(' , ')).toThrow(/no base URL/);
  });

  it('when an error says whether the request left, then the failure is classified by it', () => {
    const fetchFailed = (code: string) => new TypeError('fetch failed', { cause: { code } });
    expect(connectionFailure(fetchFailed('ECONNREFUSED'))).toBe('not-sent');
    expect(connectionFailure(fetchFailed('UND_ERR_CONNECT_TIMEOUT'))).toBe('not-sent');
    expect(connectionFailure(fetchFailed('ECONNRESET'))).toBe('no-response');
    expect(connectionFailure(fetchFailed('UND_ERR_SOCKET'))).toBe('no-response');
    expect(connectionFailure(new DOMException('timed out', 'TimeoutError'))).toBeNull();
    expect(connectionFailure(new Error('HTTP 503'))).toBeNull();
  });
});
