import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type ServiceApp } from '@shop/platform';
import { closedPortUrl, eventually, listen } from '@shop/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadGatewayConfig } from '../src/config.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/**
 * notification-service's stream as the gateway sees it: an event at once, then one more only
 * when the test says so, so the test can tell whether the first reached the client before the
 * response was over (unbuffered) or only with the rest (buffered).
 */
const startStreamingService = async () => {
  const state: { sendSecond: () => void; requests: number } = {
    sendSecond: () => undefined,
    requests: 0,
  };
  const server: Server = createServer((request, response) => {
    state.requests += 1;
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(`retry: 2000\n\nid: first\nevent: notification\ndata: {"n":1}\n\n`);
    state.sendSecond = () => {
      response.write('id: second\nevent: notification\ndata: {"n":2}\n\n');
      response.end();
    };
    request.on('close', () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
};

const gatewayOver = async (notificationUrls: string) => {
  const down = await closedPortUrl();
  const app: ServiceApp = await buildApp({
    config: loadGatewayConfig({
      ...process.env,
      ACCOUNT_SERVICE_URL: down,
      ITEM_SERVICE_URL: down,
      ORDER_SERVICE_URL: down,
      PAYMENT_SERVICE_URL: down,
      CART_SERVICE_URL: down,
      NOTIFICATION_SERVICE_URL: notificationUrls,
      STOREFRONT_DIR: '/nonexistent/storefront',
    }),
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  });
  cleanup.push(() => app.close());
  return await listen(app);
};

/** Reads the stream through the gateway chunk by chunk, as an EventSource would. */
const readStream = async (url: string) => {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const received = { text: '', done: false };
  void (async () => {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      received.text += decoder.decode(chunk.value, { stream: true });
    received.done = true;
  })().catch(() => undefined);
  cleanup.push(async () => await reader.cancel().catch(() => undefined));
  return { response, received };
};

describe('the notification stream through the gateway', () => {
  it.each([
    ['one instance', 1],
    ['two replicas', 2],
  ])(
    'when notification-service streams events (%s), then each reaches the client as it is written, not when the response ends',
    async (_, count) => {
      const services = await Promise.all(
        Array.from({ length: count }, async () => await startStreamingService()),
      );
      const gateway = await gatewayOver(services.map((service) => service.url).join(','));

      const { response, received } = await readStream(
        `${gateway}/api/v1/notifications/stream?ticket=${'t'.repeat(43)}`,
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      await eventually(async () => received.text.includes('id: first'), {
        what: 'the first event while the stream is still open',
      });
      expect(received.done).toBe(false);
      expect(received.text).not.toContain('id: second');

      const serving = services.find((service) => service.state.requests > 0);
      serving?.state.sendSecond();
      await eventually(async () => received.text.includes('id: second') && received.done);
    },
  );
});
