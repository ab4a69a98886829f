import type { Notification } from '@shop/contracts';
import { call, GATEWAY_URL } from './stack.js';

export interface InboxStream {
  /** Everything read so far, as sent. */
  text: string;
  /** The notifications read so far, in the order they came. */
  notifications: Notification[];
  /** Resolves when the stream ends: the server closed it, the connection dropped, or `close`. */
  ended: Promise<void>;
  close(): Promise<void>;
}

/**
 * A customer's inbox stream (Server-Sent Events) through the gateway, read as it arrives, as a
 * browser's EventSource would: a ticket first, then the stream; `lastEventId` is the
 * Last-Event-ID header an EventSource sends when it reconnects.
 */
export const openInboxStream = async (
  token: string,
  { lastEventId }: { lastEventId?: string } = {},
): Promise<InboxStream> => {
  const ticket = await call<{ ticket: string }>(
    `${GATEWAY_URL}/api/v1/notifications/stream-tickets`,
    'POST',
    { token },
  );
  if (ticket.status !== 201) throw new Error(`stream ticket: ${ticket.status}`);
  const response = await fetch(
    `${GATEWAY_URL}/api/v1/notifications/stream?ticket=${ticket.body.ticket}`,
    {
      headers: {
        accept: 'text/event-stream',
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
    },
  );
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !type.includes('text/event-stream'))
    throw new Error(`stream: ${response.status} ${type}`);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const stream: Omit<InboxStream, 'ended' | 'close'> = { text: '', notifications: [] };
  const ended = (async () => {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      stream.text += decoder.decode(chunk.value, { stream: true });
      stream.notifications = [...stream.text.matchAll(/^data: (.+)$/gm)].map(
        ([, data]) => JSON.parse(data ?? '{}') as Notification,
      );
    }
  })()
    // A connection reset ends the stream as much as a clean end does.
    .catch(() => undefined);
  return Object.assign(stream, {
    ended,
    close: async () => await reader.cancel().catch(() => undefined),
  });
};
