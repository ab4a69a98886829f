import type { Notification } from '@shop/contracts';
import { createStreamTicket } from '../api/notifications';

/** `live`: the stream is open; `down`: it failed, and pages fall back to asking themselves. */
export type StreamStatus = 'connecting' | 'live' | 'down';

type Subscriber = {
  onNotification: (notification: Notification) => void;
  onStatus: (status: StreamStatus) => void;
};

const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

const subscribers = new Set<Subscriber>();
let source: EventSource | null = null;
let status: StreamStatus = 'connecting';
let retryMs = MIN_RETRY_MS;
let retryTimer: number | undefined;
/** The newest notification id this tab has: a new stream resumes after it. */
let lastEventId: string | null = null;
/** Bumped when the last subscriber leaves, so a connection started before is dropped. */
let generation = 0;

const setStatus = (next: StreamStatus) => {
  status = next;
  for (const subscriber of subscribers) subscriber.onStatus(next);
};

const streamUrl = (ticket: string) => {
  const params = new URLSearchParams({ ticket });
  if (lastEventId) params.set('lastEventId', lastEventId);
  return `/api/v1/notifications/stream?${params.toString()}`;
};

/**
 * Every (re)connection asks for a fresh ticket: tickets are single-use, so the EventSource's own
 * reconnect (which repeats the URL) would be refused. A failed stream is closed and reopened
 * here with backoff instead, resuming after the last notification received.
 */
const connect = async () => {
  const mine = generation;
  try {
    const { ticket } = await createStreamTicket();
    if (mine !== generation) return;
    const opened = new EventSource(streamUrl(ticket));
    source = opened;
    opened.onopen = () => {
      retryMs = MIN_RETRY_MS;
      setStatus('live');
    };
    opened.addEventListener('notification', (event) => {
      const notification = JSON.parse((event as MessageEvent<string>).data) as Notification;
      lastEventId = notification.id;
      for (const subscriber of subscribers) subscriber.onNotification(notification);
    });
    opened.onerror = () => {
      opened.close();
      if (source === opened) source = null;
      if (mine === generation) reconnectLater();
    };
  } catch {
    if (mine === generation) reconnectLater(); // no ticket (gateway or service down, signed out): try again later
  }
};

const reconnectLater = () => {
  setStatus('down');
  if (subscribers.size === 0) return;
  window.clearTimeout(retryTimer);
  retryTimer = window.setTimeout(() => void connect(), retryMs);
  retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
};

/**
 * Follows the signed-in customer's notifications live; one stream per tab, shared by every
 * subscriber, open while anyone listens. `since` is the newest notification the caller already
 * shows, so the stream starts after it. Returns the unsubscribe.
 */
export const subscribeToNotifications = (subscriber: Subscriber, since?: string) => {
  if (since && !lastEventId) lastEventId = since;
  subscribers.add(subscriber);
  subscriber.onStatus(status);
  if (subscribers.size === 1) {
    setStatus('connecting');
    void connect();
  }
  return () => {
    subscribers.delete(subscriber);
    if (subscribers.size > 0) return;
    generation += 1;
    source?.close();
    source = null;
    window.clearTimeout(retryTimer);
    retryTimer = undefined;
    retryMs = MIN_RETRY_MS;
    lastEventId = null;
    status = 'connecting';
  };
};
