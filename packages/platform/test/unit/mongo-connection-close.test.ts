import { createRequire } from 'node:module';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * patches/mongodb@6.22.0.patch: the driver's connection waited for 'drain' alone when a write
 * could not be flushed at once. A socket its peer has closed, or that the driver itself destroys,
 * never emits 'drain', so the command hung; when that command was a monitor's heartbeat, the
 * client never found the server again after an outage (item-service stayed not ready with the
 * engine back). These tests drive the driver's own `Connection` class over real sockets.
 */
const require = createRequire(import.meta.url);
type Connection = {
  closed: boolean;
  command(ns: unknown, command: object, options: object): Promise<unknown>;
  destroy(): void;
};
const { Connection } = require('mongodb/lib/cmap/connection.js') as {
  Connection: new (socket: net.Socket, options: object) => Connection;
};
const { ns } = require('mongodb/lib/utils.js') as { ns: (namespace: string) => unknown };

const opened: Array<net.Server | net.Socket> = [];
afterEach(() => {
  for (const handle of opened.splice(0)) {
    if (handle instanceof net.Socket) handle.destroy();
    else handle.close();
  }
});

/** A TCP server that hands each accepted socket to `onSocket`, and a driver connection to it. */
const connectTo = async (onSocket: (socket: net.Socket) => void) => {
  const server = net.createServer((peer) => {
    opened.push(peer);
    onSocket(peer);
  });
  opened.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  opened.push(socket);
  const connection = new Connection(socket, { id: 1, generation: 0 });
  return { socket, connection };
};

const hello = (connection: Connection, padding = '') =>
  connection.command(ns('admin.$cmd'), { hello: 1, padding }, {});

/** The command's outcome, or 'still waiting' if it has not settled within a second. */
const outcome = async (command: Promise<unknown>) =>
  await Promise.race([
    command.then(
      () => 'answered',
      (error: Error) => error.name,
    ),
    new Promise((resolve) => setTimeout(resolve, 1_000, 'still waiting')),
  ]);

describe('the MongoDB driver connection when its socket closes', () => {
  it('when a command is written after the peer closed but before the socket emitted close, then it fails with a network error', async () => {
    const { socket, connection } = await connectTo((peer) => peer.destroy());
    // Node destroys our side on the peer's FIN; 'close' follows on a later turn of the loop.
    await new Promise((resolve) => socket.once('end', () => setImmediate(resolve)));
    expect(socket.destroyed).toBe(true);
    expect(connection.closed).toBe(false);

    expect(await outcome(hello(connection))).toBe('MongoNetworkError');
  });

  it('when the connection is destroyed while a large command waits for drain, then the command fails with a network error', async () => {
    // The peer never reads, so several megabytes stay queued in our socket and 'drain' is pending.
    const { socket, connection } = await connectTo((peer) => peer.pause());
    await new Promise((resolve) => socket.once('connect', resolve));
    const command = hello(connection, 'x'.repeat(8 * 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(socket.writableLength).toBeGreaterThan(0);

    // What the driver does itself on a socket timeout: destroy without an 'error' event.
    connection.destroy();

    expect(await outcome(command)).toBe('MongoNetworkError');
  });
});
