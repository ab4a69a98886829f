import { NotificationStreamQuery, StreamTicket, Uuid } from '@shop/contracts';
import {
  allow,
  callerOf,
  PUBLIC,
  problemResponses,
  type RoutesPlugin,
  type ServiceReply,
  type ServiceRequest,
} from '@shop/platform';
import { z } from 'zod';
import { type NotificationRecord, toPublicNotification } from '../domain/model.js';
import { type InboxPosition, type InboxReader, isAfter } from '../domain/ports.js';
import {
  issueStreamTicket,
  redeemStreamTicket,
  type StreamTicketDeps,
} from '../domain/stream-tickets.js';
import type { InboxFeed } from '../jobs/inbox-feed.js';

export interface StreamDeps {
  tickets: StreamTicketDeps;
  feed: InboxFeed;
  inbox: InboxReader;
  heartbeatMs: number;
}

/** How long a disconnected EventSource waits before it reconnects. */
const RETRY_MS = 2_000;
/** Notifications sent first to a stream that names the last one it has. */
const CATCH_UP_LIMIT = 100;
/** Ids a stream remembers having sent, to drop a notification that comes by two paths. */
const REMEMBERED_IDS = 1_000;

const frame = (notification: NotificationRecord) =>
  `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(toPublicNotification(notification))}\n\n`;

/** A reconnecting EventSource's Last-Event-ID header, else the `lastEventId` parameter. */
const lastEventIdOf = (request: ServiceRequest, fromQuery: string | undefined) => {
  const header = request.headers['last-event-id'];
  const parsed = Uuid.safeParse(typeof header === 'string' ? header.trim() : undefined);
  return parsed.success ? parsed.data : fromQuery;
};

const openStream = async (
  deps: StreamDeps,
  request: ServiceRequest,
  reply: ServiceReply,
  { userId, lastEventId }: { userId: string; lastEventId: string | undefined },
  openStreams: Set<() => void>,
) => {
  reply.hijack();
  const response = reply.raw;
  // What the hooks set (request id, security headers) goes out with the stream's own headers.
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) response.setHeader(name, value);
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    // Never cached, transformed (compressed) or buffered by a proxy (x-accel-buffering: nginx).
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  response.write(`retry: ${RETRY_MS}\n\n`);

  const session = startSession(deps, response, userId);
  const end = () => {
    openStreams.delete(end);
    session.close();
  };
  openStreams.add(end);
  request.raw.on('close', end);
  try {
    await session.catchUp(lastEventId);
  } catch (error) {
    // The store is unreachable: end the stream, the client reconnects and catches up then.
    request.log.warn({ err: error }, 'could not catch the stream up; ending it');
    end();
  }
};

/**
 * One open stream: live notifications of its user from the feed, and first (when the client
 * names the last one it has) those it missed. Live ones arriving during the catch-up wait for
 * it; anything at or before the client's last one, or sent already, is dropped.
 */
const startSession = (deps: StreamDeps, response: ServiceReply['raw'], userId: string) => {
  const sent = new Set<string>();
  let after: InboxPosition | null = null;
  let waiting: NotificationRecord[] | null = [];
  const send = (notification: NotificationRecord) => {
    if (sent.has(notification.id) || !isAfter(notification, after)) return;
    if (response.writableEnded) return;
    sent.add(notification.id);
    if (sent.size > REMEMBERED_IDS) sent.delete(sent.values().next().value as string);
    response.write(frame(notification));
  };
  // Subscribed before catching up, so nothing stored in between is missed.
  const unsubscribe = deps.feed.subscribe(userId, (notification) =>
    waiting ? waiting.push(notification) : send(notification),
  );
  // A comment line: keeps proxies and the browser from taking the stream for dead.
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), deps.heartbeatMs);
  const close = () => {
    clearInterval(heartbeat);
    unsubscribe();
    if (!response.writableEnded) response.end();
  };
  const catchUp = async (lastEventId: string | undefined) => {
    if (lastEventId) {
      const missed = await deps.inbox.inboxAfter(userId, lastEventId, CATCH_UP_LIMIT);
      after = missed.after;
      for (const notification of missed.notifications) send(notification);
    }
    const live = waiting ?? [];
    waiting = null;
    for (const notification of live) send(notification);
  };
  return { close, catchUp };
};

export const streamRoutes: RoutesPlugin<{ deps: StreamDeps }> = async (app, { deps }) => {
  /** Every open stream of this replica, ended when it shuts down (clients then reconnect). */
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...openStreams]) close();
  });

  app.post(
    '/api/v1/notifications/stream-tickets',
    {
      config: allow({ roles: ['CUSTOMER', 'ADMIN'] }),
      schema: {
        tags: ['notifications'],
        summary: 'A single-use, short-lived ticket to open the caller’s notification stream',
        response: { 201: StreamTicket, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) =>
      await reply.status(201).send(await issueStreamTicket(deps.tickets, callerOf(request))),
  );

  app.get(
    '/api/v1/notifications/stream',
    {
      // The ticket is the credential (EventSource sends no Authorization header).
      config: PUBLIC,
      schema: {
        tags: ['notifications'],
        summary:
          "Server-Sent Events: the ticket owner's new in-app notifications (`event: notification`, `id:` the notification id; `Last-Event-ID` or `lastEventId` resumes after one), with heartbeats",
        querystring: NotificationStreamQuery,
        response: {
          200: z.string().describe('text/event-stream'),
          ...problemResponses(400, 401),
        },
      },
    },
    async (request, reply) => {
      const userId = await redeemStreamTicket(deps.tickets, request.query.ticket);
      const lastEventId = lastEventIdOf(request, request.query.lastEventId);
      await openStream(deps, request, reply, { userId, lastEventId }, openStreams);
    },
  );
};
