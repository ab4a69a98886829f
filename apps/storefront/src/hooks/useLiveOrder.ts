import type { Order, Payment } from '@shop/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { getOrder, getTimeline, type TimelineEvent } from '../api/orders';
import { listPayments } from '../api/payments';
import { useNotificationStream } from './useNotificationStream';

export type LiveOrder = { order: Order; events: TimelineEvent[]; payments: Payment[] };

const POLL_MS = 1_500;
/**
 * While the notification stream is live, it says when the order moved (every business event
 * of the saga notifies the customer), so reads are few: a slow safety net.
 */
const STREAMED_POLL_MS = 20_000;
/** A background tab still follows the order, gently. */
const HIDDEN_POLL_MS = 6_000;
/** Polls after the order settles, so the last events of the saga reach the timeline. */
const GRACE_POLLS = 2;

/**
 * Whether nothing more is expected to happen on its own. COMPLETED, SHIPPED and DELIVERED
 * wait for a person; a CANCELLED order is settled once no successful charge is left to refund.
 */
export const isSettled = (order: Order): boolean => {
  switch (order.status) {
    case 'COMPLETED':
    case 'SHIPPED':
    case 'DELIVERED':
      return true;
    case 'CANCELLED':
      return order.paymentStatus !== 'SUCCEEDED';
    default:
      return false; // PENDING_PAYMENT, PAYMENT_FAILED (may expire), PAID (being completed)
  }
};

const fetchAll = async (id: string): Promise<LiveOrder> => {
  const [order, events, payments] = await Promise.all([
    getOrder(id),
    getTimeline(id),
    listPayments(id),
  ]);
  return { order, events, payments };
};

/** Whether asking again cannot change the answer (not found, not yours, logged out). */
const isFinalError = (error: unknown) =>
  error instanceof ApiError && error.status < 500 && error.status !== 429;

type Listener = {
  onData: (live: LiveOrder) => void;
  onError: (error: unknown) => void;
  /** Whether the notification stream is up (then a notification kicks a read). */
  streaming: () => boolean;
};

/**
 * Reads the order every POLL_MS until it settles (plus a few grace reads) or the answer cannot
 * change. One read at a time: a kick during a read asks for another read right after it,
 * because that read's answer may predate the action that caused the kick.
 */
const startPolling = (id: string, listener: Listener) => {
  let stopped = false;
  let timer: number | undefined;
  let inFlight = false;
  let kicked = false;
  let settledReads = 0;
  /** Reads at POLL_MS after a kick, even while streaming: the rest of the saga follows fast. */
  let quickReads = GRACE_POLLS;

  const interval = () => {
    if (document.hidden) return HIDDEN_POLL_MS;
    return quickReads > 0 || !listener.streaming() ? POLL_MS : STREAMED_POLL_MS;
  };

  /** One read; tells whether to keep polling. */
  const read = async (): Promise<boolean> => {
    try {
      const live = await fetchAll(id);
      if (stopped) return false;
      listener.onData(live);
      settledReads = isSettled(live.order) ? settledReads + 1 : 0;
      return settledReads <= GRACE_POLLS;
    } catch (error) {
      if (stopped) return false;
      listener.onError(error);
      return !isFinalError(error);
    }
  };

  const poll = async () => {
    inFlight = true;
    quickReads = Math.max(0, quickReads - 1);
    const keepGoing = await read();
    inFlight = false;
    if (stopped) return;
    if (kicked) {
      kicked = false;
      void poll();
    } else if (keepGoing) {
      timer = window.setTimeout(poll, interval());
    }
  };

  void poll();
  return {
    kick: () => {
      if (stopped) return;
      settledReads = 0;
      quickReads = GRACE_POLLS + 1;
      if (inFlight) {
        kicked = true;
        return;
      }
      window.clearTimeout(timer);
      void poll();
    },
    stop: () => {
      stopped = true;
      window.clearTimeout(timer);
    },
  };
};

/**
 * The order, its timeline and payments, read again whenever a notification about it arrives on
 * the live stream (and after an action: `refresh()` reads at once and resumes if reading had
 * stopped). While the stream is up, polling is only a slow safety net; while it is down, the
 * order is polled as before.
 */
export const useLiveOrder = (id: string) => {
  const [live, setLive] = useState<LiveOrder | null>(null);
  const [error, setError] = useState<unknown>(null);
  const kick = useRef<() => void>(() => undefined);
  const streamStatus = useNotificationStream((notification) => {
    if (notification.orderId === id) kick.current();
  });
  const streaming = useRef(false);
  streaming.current = streamStatus === 'live';
  // The stream failed: read now, and poll as before until it is back.
  useEffect(() => {
    if (streamStatus === 'down') kick.current();
  }, [streamStatus]);

  useEffect(() => {
    setLive(null); // another order: never show the previous one meanwhile
    const poller = startPolling(id, {
      onData: (next) => {
        setLive(next);
        setError(null);
      },
      onError: setError,
      streaming: () => streaming.current,
    });
    kick.current = poller.kick;
    return poller.stop;
  }, [id]);

  const refresh = useCallback(() => kick.current(), []);
  return { live, error, refresh };
};
