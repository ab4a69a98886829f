import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support.js';

const harness = useGateway();

/** A cart-service that answers every request with the status the test sets, counting API calls. */
const failingCartService = () => {
  const state = { status: 500, received: 0, streaming: false, delayMs: 0 };
  const open: ServerResponse[] = [];
  const server: Server = createServer((request, response) => {
    // The gateway also reads the service's /docs/json for its merged document.
    if (request.url?.startsWith('/api/')) state.received += 1;
    if (state.streaming) {
      // An answer that lasts: headers and a first event, then nothing until the test ends.
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': open\n\n');
      open.push(response);
      return;
    }
    const answer = () => {
      response.writeHead(state.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(state.status < 400 ? { lines: [] } : { status: state.status }));
    };
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
  });
  const endStreams = () => {
    for (const response of open.splice(0)) response.end();
  };
  return { state, server, endStreams };
};

describe('the gateway trips a circuit breaker per service', () => {
  const cart = failingCartService();
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => cart.server.listen(0, '127.0.0.1', resolve));
    const address = cart.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    cart.endStreams();
    await new Promise((resolve) => cart.server.close(resolve));
  });

  it('when a service answers 5xx as often in a row as the threshold, then its routes answer 503 with Retry-After without sending, and after the cool-down one probe closes it', async () => {
    const gateway = await harness.gatewayWith({
      services: { ...harness.config.services, cart: url },
      breakers: { failureThreshold: 2, coolDownMs: 400 },
    });
    try {
      const get = async () => await gateway.inject({ method: 'GET', url: '/api/v1/cart' });
      expect((await get()).statusCode).toBe(500);
      expect((await get()).statusCode).toBe(500);
      const refused = await get();
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.json().detail).toContain('cart-service is unavailable');
      expect(cart.state.received).toBe(2);
      const ready = await gateway.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json().breakers).toMatchObject({ 'cart-service': 'open' });

      cart.state.status = 200;
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await get()).statusCode).toBe(200);
      expect(cart.state.received).toBe(3);
      expect((await get()).statusCode).toBe(200);
      const closed = await gateway.inject({ method: 'GET', url: '/health/ready' });
      expect(closed.json().breakers).toMatchObject({ 'cart-service': 'closed' });
    } finally {
      await gateway.close();
    }
  });

  /** A gateway whose cart-service breaker one 500 opened (threshold 1, cool-down 200 ms). */
  const trippedGateway = async () => {
    const gateway = await harness.gatewayWith({
      services: { ...harness.config.services, cart: url },
      breakers: { failureThreshold: 1, coolDownMs: 200 },
    });
    cart.state.status = 500;
    cart.state.streaming = false;
    expect((await gateway.inject({ method: 'GET', url: '/api/v1/cart' })).statusCode).toBe(500);
    return gateway;
  };
  const pastCoolDown = async () => await new Promise((resolve) => setTimeout(resolve, 250));

  it('when the half-open probe is an answer that lasts (an event stream), then its status closes the breaker at once and the next requests go through', async () => {
    const gateway = await trippedGateway();
    try {
      expect((await gateway.inject({ method: 'GET', url: '/api/v1/cart' })).statusCode).toBe(503);

      await pastCoolDown();
      cart.state.streaming = true;
      const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
      const probe = await fetch(`${address}/api/v1/cart`);
      expect(probe.status).toBe(200);

      cart.state.streaming = false;
      cart.state.status = 200;
      expect((await gateway.inject({ method: 'GET', url: '/api/v1/cart' })).statusCode).toBe(200);
      await probe.body?.cancel();
    } finally {
      cart.endStreams();
      await gateway.close();
    }
  });

  it('when the client of the half-open probe goes away before the answer, then the probe decides nothing and the next request probes again', async () => {
    const gateway = await trippedGateway();
    try {
      await pastCoolDown();

      cart.state.status = 200;
      cart.state.delayMs = 300;
      const address = await gateway.listen({ port: 0, host: '127.0.0.1' });
      const gone = new AbortController();
      const probe = fetch(`${address}/api/v1/cart`, { signal: gone.signal }).catch(() => 'gone');
      await new Promise((resolve) => setTimeout(resolve, 100));
      gone.abort();
      expect(await probe).toBe('gone');
      await new Promise((resolve) => setTimeout(resolve, 400));

      cart.state.delayMs = 0;
      expect((await gateway.inject({ method: 'GET', url: '/api/v1/cart' })).statusCode).toBe(200);
    } finally {
      cart.state.delayMs = 0;
      await gateway.close();
    }
  });
  it('when a service accepts a request and does not start answering within the headers timeout, then the gateway answers 503 and the breaker counts it as a failure', async () => {
    const gateway = await harness.gatewayWith({
      services: { ...harness.config.services, cart: url },
      breakers: { failureThreshold: 1, coolDownMs: 60_000 },
      upstreamHeadersTimeoutMs: 300,
    });
    cart.state.status = 200;
    cart.state.streaming = false;
    cart.state.delayMs = 5_000;
    try {
      const started = Date.now();
      const slow = await gateway.inject({ method: 'GET', url: '/api/v1/cart' });
      expect(slow.statusCode).toBe(503);
      expect(slow.json().detail).toContain('cart-service is unavailable');
      expect(Date.now() - started).toBeLessThan(3_000);
      const ready = await gateway.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json().breakers).toMatchObject({ 'cart-service': 'open' });
    } finally {
      cart.state.delayMs = 0;
      await gateway.close();
    }
  });
});
