import type { Order, OrderStatus } from '@shop/contracts';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { listOrders } from '../api/orders';
import { useToLogin } from '../auth/useToLogin';
import { Badge } from '../components/Badge';
import { EmailVerificationNotice } from '../components/EmailVerificationNotice';
import { ErrorMessage } from '../components/ErrorMessage';
import { SelectField } from '../components/Field';
import { LoadMore } from '../components/LoadMore';
import { formatDate, shortId } from '../format';
import { usePagedList } from '../hooks/usePagedList';
import { usePageTitle } from '../hooks/usePageTitle';
import { ORDER_STATUS } from '../labels';
import { formatMoney } from '../money';

// From the labels table, not @shop/contracts: a value import would bundle zod and every schema.
const STATUSES = Object.keys(ORDER_STATUS) as OrderStatus[];

/** The customer's orders, newest first, one page at a time. */
export const OrdersPage = () => {
  usePageTitle('Your orders');
  const { ifUnauthorized } = useToLogin();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const fetchPage = useCallback(
    (cursor?: string) =>
      listOrders({ status: status || undefined, cursor, limit: 10 }).then((page) => ({
        entries: page.orders,
        nextCursor: page.nextCursor,
      })),
    [status],
  );
  const { list, loading, error, loadMore } = usePagedList<Order>(fetchPage);

  useEffect(() => {
    ifUnauthorized(error);
  }, [error, ifUnauthorized]);

  return (
    <section className="page">
      <h1>Your orders</h1>
      <EmailVerificationNotice />
      <div className="toolbar">
        <SelectField
          label="Status"
          value={status}
          onChange={(event) => setStatus(event.target.value as OrderStatus | '')}
        >
          <option value="">All orders</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {ORDER_STATUS[value].label}
            </option>
          ))}
        </SelectField>
      </div>
      <ErrorMessage error={error} />
      {list === null && loading ? <p>Loading your orders…</p> : null}
      {list?.entries.length === 0 ? (
        <div className="empty-state card">
          <p>No orders here yet.</p>
          <Link to="/" className="button">
            Start shopping
          </Link>
        </div>
      ) : null}
      {list && list.entries.length > 0 ? (
        <ul className="order-list">
          {list.entries.map((order) => {
            const info = ORDER_STATUS[order.status];
            return (
              <li key={order.id} className="card order-row">
                <div>
                  <h2 className="order-row-title">
                    <Link to={`/orders/${order.id}`}>Order {shortId(order.id)}</Link>
                  </h2>
                  <p className="muted small">
                    {formatDate(order.createdAt)} ·{' '}
                    {order.items.reduce((sum, line) => sum + line.quantity, 0)} item(s)
                  </p>
                </div>
                <Badge tone={info.tone} data-status={order.status}>
                  {info.label}
                </Badge>
                <strong className="order-row-total">
                  {formatMoney(order.totalAmount, order.currency)}
                </strong>
              </li>
            );
          })}
        </ul>
      ) : null}
      <LoadMore hasMore={Boolean(list?.nextCursor)} loading={loading} onLoad={loadMore} />
    </section>
  );
};
