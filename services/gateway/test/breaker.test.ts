import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from './support.js';

const harness = useGateway();

/** A cart-service that answers every request with the status the test sets, counting API calls. */
const failingCartService = () => {
  const state = { status: 500, received: 0 };
  const server: Server = createServer((request, response) => {
    // The gateway also reads the service's /docs/json for its merged document.
    if (request.url?.startsWith('/api/')) state.received += 1;
    response.writeHead(state.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(state.status < 400 ? { lines: [] } : { status: state.status }));
  });
  return { state, server };
};

describe('the gateway trips a circuit breaker per service', () => {
  const cart = failingCartService();
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => cart.server.listen(0, '127.0.0.1', resolve));
    const address = cart.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => await new Promise((resolve) => cart.server.close(resolve)));

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
});
