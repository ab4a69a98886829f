import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What a stand-in replica does with a request. */
export type ReplicaBehaviour =
  /** Answers 200 with JSON naming itself and echoing the request. */
  | 'answer'
  /** Accepts the connection and resets it as soon as the request arrives (a crash mid-request). */
  | 'reset'
  /** Reads the request and never answers (a frozen process). */
  | 'hang'
  /** Answers 503 problem+json (alive, but its store is not). */
  | 'unavailable';

export interface SeenRequest {
  method: string;
  url: string;
  body: string;
  headers: IncomingMessage['headers'];
}

/** A small HTTP server standing in for one replica of a service. */
export interface Replica {
  name: string;
  url: string;
  /** Every request that reached it, in order. */
  seen: SeenRequest[];
  behaviour: ReplicaBehaviour;
  /** Stops listening and drops open connections: its port then refuses connections. */
  stop(): Promise<void>;
}

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

/** Starts a replica on a free loopback port. */
export const startReplica = async (
  name: string,
  behaviour: ReplicaBehaviour = 'answer',
): Promise<Replica> => {
  const sockets = new Set<Socket>();
  const replica = { name, seen: [], behaviour } as unknown as Replica;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    const seen = {
      method: request.method ?? '',
      url: request.url ?? '',
      body,
      headers: request.headers,
    };
    replica.seen.push(seen);
    if (replica.behaviour === 'reset') request.socket.resetAndDestroy();
    else if (replica.behaviour === 'unavailable') {
      response.writeHead(503, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ status: 503, detail: `${name} is unavailable` }));
    } else if (replica.behaviour === 'answer') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ replica: name, method: seen.method, url: seen.url, body }));
    }
    // 'hang': the request stays unanswered.
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  replica.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  replica.stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return replica;
};
