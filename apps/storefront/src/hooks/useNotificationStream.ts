import type { Notification } from '@shop/contracts';
import { useEffect, useRef, useState } from 'react';
import { type StreamStatus, subscribeToNotifications } from '../live/notificationStream';

/**
 * Calls `onNotification` for each new notification of the signed-in customer as it happens
 * (Server-Sent Events through the gateway), and tells whether the stream is up: while it is
 * `down`, a page falls back to asking the API itself. `enabled: false` opens nothing (e.g.
 * until the first page is loaded, so `since` is known).
 */
export const useNotificationStream = (
  onNotification: (notification: Notification) => void,
  { enabled = true, since }: { enabled?: boolean; since?: string | undefined } = {},
) => {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const handler = useRef(onNotification);
  handler.current = onNotification;
  const sinceRef = useRef(since);
  sinceRef.current = since;

  useEffect(() => {
    if (!enabled) return;
    return subscribeToNotifications(
      { onNotification: (notification) => handler.current(notification), onStatus: setStatus },
      sinceRef.current,
    );
  }, [enabled]);

  return status;
};
