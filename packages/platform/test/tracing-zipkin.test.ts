import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { inSpan, startTracing } from '../src/index.js';

/** A stand-in for Zipkin's span API on a real socket: records each POSTed JSON body. */
const zipkinReceiver = async () => {
  const posts: { path: string | undefined; body: unknown }[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    posts.push({ path: request.url, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    response.writeHead(202).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { posts, url: `http://127.0.0.1:${port}/api/v2/spans`, server };
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('export to Zipkin', () => {
  it("when OTEL_EXPORTER_ZIPKIN_ENDPOINT is set, then finished spans reach it in Zipkin's JSON with the service's name and tags", async () => {
    const receiver = await zipkinReceiver();
    closers.push(async () => {
      receiver.server.close();
      await once(receiver.server, 'close');
    });
    const tracing = startTracing('zipkin-test', { zipkinEndpoint: receiver.url });

    await inSpan(
      'POST /api/v1/orders',
      { kind: SpanKind.SERVER, attributes: { 'order.id': 'order-1' } },
      async () => undefined,
    );
    await tracing.stop(); // flushes the batch

    expect(receiver.posts.map((post) => post.path)).toContain('/api/v2/spans');
    const spans = receiver.posts.flatMap((post) => post.body as Record<string, unknown>[]);
    expect(spans).toContainEqual(
      expect.objectContaining({
        name: 'POST /api/v1/orders',
        kind: 'SERVER',
        localEndpoint: expect.objectContaining({ serviceName: 'zipkin-test' }),
        tags: expect.objectContaining({ 'order.id': 'order-1' }),
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      }),
    );
  });

  it('when the Zipkin server never answers, then stopping gives up on the export within seconds', async () => {
    const requests: IncomingMessage[] = [];
    const silent = createServer((request) => {
      requests.push(request); // never answered
    });
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    closers.push(async () => {
      silent.closeAllConnections();
      silent.close();
      await once(silent, 'close');
    });
    const { port } = silent.address() as AddressInfo;
    const tracing = startTracing('zipkin-test', {
      zipkinEndpoint: `http://127.0.0.1:${port}/api/v2/spans`,
    });

    await inSpan('lost', { kind: SpanKind.INTERNAL }, async () => undefined);
    const started = Date.now();
    await tracing.stop();

    expect(requests).toHaveLength(1); // the export was tried, and hung
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
