import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookSink {
  url: string;
  received: WebhookRequest[];
  /** Statuses to answer with, in turn, before answering 202. */
  answers: number[];
}

/** A local HTTP server standing for an SMS provider: keeps every request, answers as told. */
export const useWebhookServer = () => {
  const sink: WebhookSink = { url: '', received: [], answers: [] };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      sink.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.statusCode = sink.answers.shift() ?? 202;
      response.end('{}');
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));
  return sink;
};
