import type { Notification } from '@shop/contracts';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { listNotifications } from '../api/notifications';
import { useToLogin } from '../auth/useToLogin';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadMore } from '../components/LoadMore';
import { NotificationPreferencesForm } from '../components/NotificationPreferencesForm';
import { formatDateTime, shortId } from '../format';
import { useNotificationStream } from '../hooks/useNotificationStream';
import { usePagedList } from '../hooks/usePagedList';
import { usePageTitle } from '../hooks/usePageTitle';

const fetchPage = (cursor?: string) =>
  listNotifications(cursor).then((page) => ({
    entries: page.notifications,
    nextCursor: page.nextCursor,
  }));

/** While the stream is down, the inbox asks for the first page this often instead. */
const FALLBACK_POLL_MS = 10_000;

const emailStatus: Record<Notification['status'], string> = {
  SENT: 'Emailed',
  PENDING: 'Sending…',
  FAILED: 'Email failed',
  SKIPPED: 'Not emailed',
};

/** Newest first, each id once (a notification can arrive live and in a page). */
const merge = (live: Notification[], listed: Notification[]) => {
  const byId = new Map<string, Notification>();
  for (const entry of [...listed, ...live]) byId.set(entry.id, entry);
  return [...byId.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
};

const Message = ({ message }: { message: Notification }) => (
  <li className="card" data-testid="inbox-message">
    <article aria-labelledby={`message-${message.id}`}>
      <header className="inbox-head">
        <h2 id={`message-${message.id}`}>{message.subject}</h2>
        <time className="muted small" dateTime={message.createdAt}>
          {formatDateTime(message.createdAt)}
        </time>
      </header>
      <p className="inbox-text">{message.text}</p>
      <p className="small">
        <Link to={`/orders/${message.orderId}`}>Order {shortId(message.orderId)}</Link>
        {' · '}
        {emailStatus[message.status]}
        {message.channels.includes('sms') ? ' · Texted' : ''}
      </p>
    </article>
  </li>
);

/** The shop's messages about your orders, arriving live, and where you want them. */
export const NotificationsPage = () => {
  usePageTitle('Inbox');
  const { ifUnauthorized } = useToLogin();
  const { list, loading, error, loadMore, reload } = usePagedList<Notification>(fetchPage);
  const [live, setLive] = useState<Notification[]>([]);
  const onNotification = useCallback(
    (notification: Notification) => setLive((previous) => [notification, ...previous]),
    [],
  );
  // Opened once the first page is in, so the stream starts after its newest entry.
  const stream = useNotificationStream(onNotification, {
    enabled: list !== null,
    since: list?.entries[0]?.id,
  });

  useEffect(() => {
    ifUnauthorized(error);
  }, [error, ifUnauthorized]);

  // The stream is down: fall back to asking, until it is back.
  useEffect(() => {
    if (stream !== 'down') return;
    const timer = window.setInterval(() => void reload(), FALLBACK_POLL_MS);
    return () => window.clearInterval(timer);
  }, [stream, reload]);

  const entries = list ? merge(live, list.entries) : null;
  return (
    <section className="page">
      <div className="page-head">
        <h1>Inbox</h1>
        <span className="muted small" data-testid="stream-status">
          {stream === 'live' ? 'Live' : stream === 'down' ? 'Reconnecting…' : ''}
        </span>
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={loading}
          onClick={reload}
        >
          Refresh
        </button>
      </div>
      <ErrorMessage error={error} />
      {entries === null && loading ? <p>Loading your messages…</p> : null}
      {entries?.length === 0 ? (
        <p className="card empty-state">
          No messages yet. Place an order and they will appear here.
        </p>
      ) : null}
      {entries && entries.length > 0 ? (
        <ul className="inbox">
          {entries.map((message) => (
            <Message key={message.id} message={message} />
          ))}
        </ul>
      ) : null}
      <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
      <NotificationPreferencesForm />
    </section>
  );
};
