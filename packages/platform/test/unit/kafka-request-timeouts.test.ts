import { createRequire } from 'node:module';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * patches/kafkajs@2.2.4.patch: kafkajs checked its requests' timeouts on a 100 ms interval per
 * broker connection, from connect to disconnect, so every idle service woke ten times a second
 * per connection. The patch gives each request sent its own timer, cleared when it settles.
 * These tests drive kafkajs's own `Connection` over real sockets to a broker stand-in.
 */
const require = createRequire(import.meta.url);
type KafkaConnection = {
  connect(): Promise<unknown>;
  disconnect(): Promise<unknown>;
  send(request: object): Promise<unknown>;
  requestQueue: { requestTimeouts: Map<number, unknown> };
};
const Connection = require('kafkajs/src/network/connection.js') as new (
  options: object,
) => KafkaConnection;
const socketFactory = require('kafkajs/src/network/socketFactory.js') as () => unknown;
const { createLogger, LEVELS } = require('kafkajs/src/loggers/index.js') as {
  createLogger: (options: object) => unknown;
  LEVELS: { NOTHING: number };
};
const apiVersions = require('kafkajs/src/protocol/requests/apiVersions/index.js') as {
  protocol: (options: { version: number }) => () => object;
};

const opened: Array<net.Server | net.Socket> = [];
afterEach(() => {
  for (const handle of opened.splice(0)) {
    if (handle instanceof net.Socket) handle.destroy();
    else handle.close();
  }
});

/** The ApiVersions v0 answer (no error, no versions) to the request whose correlation id is in `request`. */
const apiVersionsAnswer = (request: Buffer) => {
  const answer = Buffer.alloc(14);
  answer.writeInt32BE(10, 0); // size of what follows
  answer.writeInt32BE(request.readInt32BE(8), 4); // correlation id (after size, api key, version)
  answer.writeInt16BE(0, 8); // error code
  answer.writeInt32BE(0, 10); // no api versions
  return answer;
};

/** A broker stand-in that answers each request (or not), and a connected kafkajs connection. */
const connectTo = async (answers: boolean, requestTimeout: number) => {
  const server = net.createServer((peer) => {
    opened.push(peer);
    peer.on('data', (request) => {
      if (answers) peer.write(apiVersionsAnswer(request));
    });
  });
  opened.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const connection = new Connection({
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    logger: createLogger({ level: LEVELS.NOTHING, logCreator: () => () => undefined }),
    socketFactory: socketFactory(),
    requestTimeout,
    connectionTimeout: 1_000,
  });
  await connection.connect();
  return connection;
};

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('kafkajs request timeouts (patched)', () => {
  it('when a connection is open and nothing is in flight, then nothing ticks', async () => {
    const intervals = vi.spyOn(globalThis, 'setInterval');
    try {
      const connection = await connectTo(true, 30_000);
      await sleep(250);
      expect(intervals).not.toHaveBeenCalled();
      expect(connection.requestQueue.requestTimeouts.size).toBe(0);
      await connection.disconnect();
    } finally {
      intervals.mockRestore();
    }
  });

  it('when a request is answered, then its timer goes with it', async () => {
    const connection = await connectTo(true, 30_000);
    const before = timers();
    await expect(connection.send(apiVersions.protocol({ version: 0 })())).resolves.toMatchObject({
      errorCode: 0,
    });
    expect(connection.requestQueue.requestTimeouts.size).toBe(0);
    expect(timers()).toBe(before);
    await connection.disconnect();
  });

  it('when the broker does not answer, then the request fails with a timeout once its time is up', async () => {
    const connection = await connectTo(false, 300);
    const started = Date.now();
    await expect(connection.send(apiVersions.protocol({ version: 0 })())).rejects.toMatchObject({
      name: 'KafkaJSRequestTimeoutError',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(connection.requestQueue.requestTimeouts.size).toBe(0);
  });
});
