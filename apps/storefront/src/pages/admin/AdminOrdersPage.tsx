import type { Order, OrderStatus } from '@shop/contracts';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { listAllOrders } from '../../api/admin';
import { cancelOrder, deliverOrder, shipOrder } from '../../api/orders';
import { AdminNav } from '../../components/admin/AdminNav';
import { PagedTable } from '../../components/admin/PagedTable';
import { StatusFilter } from '../../components/admin/StatusFilter';
import { Badge } from '../../components/Badge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/Field';
import { formatDateTime, shortId } from '../../format';
import { useChangedRows } from '../../hooks/useChangedRows';
import { usePagedList } from '../../hooks/usePagedList';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { ORDER_STATUS } from '../../labels';
import { formatMoney } from '../../money';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CANCELLABLE = new Set<OrderStatus>([
  'PENDING_PAYMENT',
  'PAYMENT_FAILED',
  'PAID',
  'COMPLETED',
]);

/** What an ADMIN may do with an order in its status (the state machine of docs/contract). */
const actionsFor = (order: Order) =>
  [
    order.status === 'COMPLETED' ? (['Ship', shipOrder] as const) : null,
    order.status === 'SHIPPED' ? (['Deliver', deliverOrder] as const) : null,
    CANCELLABLE.has(order.status) ? (['Cancel', cancelOrder] as const) : null,
  ].filter((action) => action !== null);

const OrderRow = ({ order, onChanged }: { order: Order; onChanged: (order: Order) => void }) => {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const info = ORDER_STATUS[order.status];
  const act = async (run: (id: string) => Promise<Order>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await run(order.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-order-id={order.id}>
      <td>
        <Link to={`/orders/${order.id}`}>{shortId(order.id)}</Link>
      </td>
      <td>
        <Link to={`/admin/orders?userId=${order.userId}`}>{shortId(order.userId)}</Link>
      </td>
      <td>{formatDateTime(order.createdAt)}</td>
      <td>{formatMoney(order.totalAmount, order.currency)}</td>
      <td>
        <Badge tone={info.tone} data-status={order.status}>
          {info.label}
        </Badge>
      </td>
      <td className="admin-actions">
        {actionsFor(order).map(([label, run]) => (
          <button
            key={label}
            type="button"
            className={`button ${label === 'Cancel' ? 'button-secondary' : ''}`}
            disabled={busy}
            onClick={() => void act(run)}
          >
            {label}
          </button>
        ))}
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
};

/** Every customer's orders newest first, by status and customer; ship, deliver, cancel. */
export const AdminOrdersPage = () => {
  usePageTitle('Admin · Orders');
  const { filter, setFilter } = useUrlFilters();
  const status = filter('status') as OrderStatus | '';
  const userId = filter('userId');
  const [customerInput, setCustomerInput] = useState(userId);
  const fetchPage = useCallback(
    (cursor?: string) =>
      listAllOrders({
        status: status || undefined,
        userId: userId || undefined,
        cursor,
        limit: 20,
      }).then((page) => ({ entries: page.orders, nextCursor: page.nextCursor })),
    [status, userId],
  );
  const paged = usePagedList<Order>(fetchPage);
  const rows = useChangedRows<Order>();
  const customerError =
    customerInput && !UUID.test(customerInput.trim()) ? 'A customer id (UUID)' : undefined;

  return (
    <section className="page">
      <h1>Orders</h1>
      <AdminNav />
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          if (!customerError) setFilter('userId', customerInput.trim());
        }}
      >
        <StatusFilter
          statuses={ORDER_STATUS}
          value={status}
          onChange={(value) => setFilter('status', value)}
        />
        <TextField
          label="Customer id"
          value={customerInput}
          error={customerError}
          onChange={(event) => setCustomerInput(event.target.value)}
        />
        <button type="submit" className="button button-secondary">
          Filter
        </button>
      </form>
      <PagedTable
        label="Orders"
        columns={['Order', 'Customer', 'Placed', 'Total', 'Status', 'Actions']}
        {...paged}
        loadingText="Loading orders…"
        emptyText="No orders match."
        row={(order) => (
          <OrderRow key={order.id} order={rows.latest(order)} onChanged={rows.changedTo} />
        )}
      />
    </section>
  );
};
