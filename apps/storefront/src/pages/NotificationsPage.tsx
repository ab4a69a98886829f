import type { Notification } from '@shop/contracts';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { listNotifications } from '../api/notifications';
import { useToLogin } from '../auth/useToLogin';
import { ErrorMessage } from '../components/ErrorMessage';
import { LoadMore } from '../components/LoadMore';
import { formatDateTime, shortId } from '../format';
import { usePagedList } from '../hooks/usePagedList';
import { usePageTitle } from '../hooks/usePageTitle';

const fetchPage = (cursor?: string) =>
  listNotifications(cursor).then((page) => ({
    entries: page.notifications,
    nextCursor: page.nextCursor,
  }));

/** The emails the shop sent about your orders, as an inbox. */
export const NotificationsPage = () => {
  usePageTitle('Inbox');
  const { ifUnauthorized } = useToLogin();
  const { list, loading, error, loadMore, reload } = usePagedList<Notification>(fetchPage);

  useEffect(() => {
    ifUnauthorized(error);
  }, [error, ifUnauthorized]);

  return (
    <section className="page">
      <div className="page-head">
        <h1>Inbox</h1>
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
      {list === null && loading ? <p>Loading your messages…</p> : null}
      {list?.entries.length === 0 ? (
        <p className="card empty-state">
          No messages yet. Place an order and they will appear here.
        </p>
      ) : null}
      {list && list.entries.length > 0 ? (
        <ul className="inbox">
          {list.entries.map((message) => (
            <li key={message.id} className="card">
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
                  {message.status === 'SENT'
                    ? 'Emailed'
                    : message.status === 'PENDING'
                      ? 'Sending…'
                      : 'Email failed'}
                </p>
              </article>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
    </section>
  );
};
