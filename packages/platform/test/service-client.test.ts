import {
  closedPortUrl,
  problem,
  type StubAnswer,
  type StubRoute,
  startReplica,
  startStub,
} from '@shop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CircuitOpenError,
  circuitBreakers,
  createLogger,
  createRegistry,
  createServiceApp,
  isRefusal,
  PUBLIC,
  ServiceRefusedError,
  serviceClient,
  serviceTokenProvider,
  UnavailableError,
} from '../src/index.js';

const Thing = z.object({ id: z.string(), name: z.string() });

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map(async (stop) => await stop()));
});

/** A contract-checked stub of the collaborator, closed after the test. */
const stubOf = async (routes: StubRoute[]) => {
  const stub = await startStub(routes);
  stops.push(stub.close);
  return stub;
};

/** A collaborator with one route per method on `/things/:id`, answering what `answer` says. */
const collaborator = async (answer: (id: string) => StubAnswer | Promise<StubAnswer>) => {
  const routes = (['GET', 'POST', 'PUT', 'DELETE'] as const).map((method) => ({
    method,
    path: '/things/:id',
    response: Thing,
    handle: async ({ params }: { params: Record<string, string> }) => await answer(params.id ?? ''),
  }));
  return await stubOf(routes);
};

const failureOf = async (call: Promise<unknown>) =>
  await call.then(
    () => null,
    (error) => error,
  );

describe('serviceClient', () => {
  it('when the collaborator answers 2xx, then the answer is parsed with the contract, sent as JSON with the SERVICE token', async () => {
    const seen: Record<string, unknown>[] = [];
    const stub = await stubOf([
      {
        method: 'POST',
        path: '/things/:id',
        request: z.object({ name: z.string() }),
        response: Thing,
        handle: ({ params, body, headers }) => {
          seen.push({ authorization: headers.authorization, type: headers['content-type'] });
          return { status: 201, body: { id: params.id, ...(body as { name: string }) } };
        },
      },
    ]);
    const client = serviceClient('thing-service', stub.url, {
      timeoutMs: 2_000,
      token: async () => 'service-token',
    });

    const made = await client.call('/things/t1', {
      method: 'POST',
      body: { name: 'lamp' },
      response: Thing,
    });
    const asCaller = await client.call('/things/t2', {
      method: 'POST',
      body: { name: 'desk' },
      authorization: 'Bearer customer-token',
      response: Thing,
    });

    expect(made).toEqual({ id: 't1', name: 'lamp' });
    expect(asCaller).toEqual({ id: 't2', name: 'desk' });
    expect(seen).toEqual([
      { authorization: 'Bearer service-token', type: 'application/json' },
      { authorization: 'Bearer customer-token', type: 'application/json' },
    ]);
  });

  it('when a look-up answers 404, then find gives null and call a refusal', async () => {
    const stub = await collaborator(() => problem(404, 'not-found', 'No such thing'));
    const client = serviceClient('thing-service', stub.url, { timeoutMs: 2_000 });

    expect(await client.find('/things/t1', { response: Thing })).toBeNull();
    const refused = await failureOf(client.call('/things/t1', { response: Thing }));
    expect(isRefusal(refused, 404)).toBe(true);
    expect(refused).toMatchObject({ status: 503, answered: 404, service: 'thing-service' });
  });

  it('when the collaborator refuses with a 4xx problem, then the error carries the problem with its extensions, and the breaker does not count it', async () => {
    const shortLines = [{ itemId: crypto.randomUUID(), requested: 3, available: 1 }];
    const stub = await collaborator(() =>
      problem(409, 'insufficient-stock', 'Not enough stock', { shortLines }),
    );
    const client = serviceClient('thing-service', stub.url, {
      timeoutMs: 2_000,
      breakers: circuitBreakers({ failureThreshold: 2 }),
    });

    for (let call = 0; call < 4; call += 1) {
      const refused = await failureOf(client.call('/things/t1', { method: 'PUT', body: {} }));
      expect(refused).toBeInstanceOf(ServiceRefusedError);
      expect(refused).toMatchObject({
        answered: 409,
        problem: { code: 'insufficient-stock', detail: 'Not enough stock', shortLines },
      });
    }
    expect(client.breaker.state()).toBe('closed');
    expect(stub.calls).toHaveLength(4);
  });

  it('when nothing listens, then 503 naming the collaborator', async () => {
    const client = serviceClient('thing-service', await closedPortUrl(), { timeoutMs: 2_000 });
    const failed = await failureOf(client.call('/things/t1'));
    expect(failed).toBeInstanceOf(UnavailableError);
    expect(failed).toMatchObject({
      status: 503,
      detail: 'thing-service is unreachable; try again',
    });
  });

  it('when the collaborator does not answer in time, then 503 saying so', async () => {
    const frozen = await startReplica('frozen', 'hang');
    stops.push(frozen.stop);
    const client = serviceClient('thing-service', frozen.url, { timeoutMs: 200 });
    const failed = await failureOf(client.call('/things/t1', { method: 'POST', body: {} }));
    expect(failed).toMatchObject({
      status: 503,
      detail: 'thing-service did not answer within 200 ms; try again',
    });
  });

  it('when a 2xx breaks the contract, then the parse error surfaces (a bug, not an outage)', async () => {
    const stub = await stubOf([
      { method: 'GET', path: '/things/:id', handle: () => ({ status: 200, body: { id: 1 } }) },
    ]);
    const client = serviceClient('thing-service', stub.url, { timeoutMs: 2_000 });
    const failed = await failureOf(client.call('/things/t1', { response: Thing }));
    expect(failed).toBeInstanceOf(z.ZodError);
    expect(client.breaker.state()).toBe('closed');
  });

  it('when the collaborator answers 5xx in a row, then the breaker opens and calls fail fast, unsent, until a probe succeeds', async () => {
    let healthy = false;
    const stub = await collaborator((id) =>
      healthy ? { status: 200, body: { id, name: 'lamp' } } : problem(503, 'down', 'Store down'),
    );
    const client = serviceClient('thing-service', stub.url, {
      timeoutMs: 2_000,
      breakers: circuitBreakers({ failureThreshold: 3, coolDownMs: 300 }),
    });

    for (let call = 0; call < 3; call += 1)
      expect(await failureOf(client.call('/things/t1'))).toMatchObject({
        status: 503,
        detail: 'thing-service answered 503; try again',
      });
    const fast = await failureOf(client.call('/things/t1'));
    expect(fast).toBeInstanceOf(CircuitOpenError);
    expect(fast).toMatchObject({ status: 503, retryAfterSeconds: 1 });
    expect(stub.calls).toHaveLength(3);

    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await client.call('/things/t1', { response: Thing })).toEqual({
      id: 't1',
      name: 'lamp',
    });
    expect(client.breaker.state()).toBe('closed');
  });
});

describe('a service whose collaborator is down', () => {
  it('when its breaker is open, then a route answers 503 with Retry-After, readiness stays 200 and shows it, and the gauge says 1', async () => {
    const registry = createRegistry('caller-service');
    const breakers = circuitBreakers({ registry, failureThreshold: 1, coolDownMs: 30_000 });
    const client = serviceClient('thing-service', await closedPortUrl(), {
      timeoutMs: 1_000,
      breakers,
    });
    const app = await createServiceApp({
      service: 'caller-service',
      logger: createLogger({ service: 'caller-service', level: 'silent' }),
      readiness: { store: async () => undefined },
      registry,
      breakers,
    });
    app.get(
      '/things/:id',
      { config: PUBLIC },
      async () => await client.call('/things/t1', { response: Thing }),
    );

    const first = await app.inject({ method: 'GET', url: '/things/t1' });
    const fast = await app.inject({ method: 'GET', url: '/things/t1' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();

    expect(first.statusCode).toBe(503);
    expect(first.json().detail).toBe('thing-service is unreachable; try again');
    expect(fast.statusCode).toBe(503);
    expect(Number(fast.headers['retry-after'])).toBeGreaterThan(25);
    expect(fast.json().detail).toMatch(/^thing-service is unavailable/);
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ok',
      checks: { store: 'up' },
      breakers: { 'thing-service': 'open' },
    });
    expect(metrics.body).toMatch(
      /^circuit_breaker_state\{breaker="thing-service",service="caller-service"\} 1$/m,
    );
  });
});

describe('serviceTokenProvider', () => {
  it('when account-service refuses the credentials, then 503 saying so; when it cannot be reached, then 503 naming it', async () => {
    const stub = await stubOf([
      {
        method: 'POST',
        path: '/api/v1/auth/token',
        handle: () => problem(401, 'unauthorized', 'Unknown client'),
      },
    ]);
    const refused = serviceTokenProvider({
      accountServiceUrl: stub.url,
      clientId: 'order-service',
      clientSecret: 'a-long-enough-secret',
    });
    const unreachable = serviceTokenProvider({
      accountServiceUrl: await closedPortUrl(),
      clientId: 'order-service',
      clientSecret: 'a-long-enough-secret',
    });

    expect(await failureOf(refused())).toMatchObject({
      status: 503,
      detail: 'account-service refused the service credentials (401)',
    });
    expect(await failureOf(unreachable())).toMatchObject({
      status: 503,
      detail: 'account-service is unreachable; try again',
    });
  });
});
