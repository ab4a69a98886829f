import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useToLogin } from '../auth/useToLogin';
import { useCart } from '../cart/CartProvider';
import { useAnnounce } from '../components/Announcer';
import { Badge } from '../components/Badge';
import { ErrorMessage } from '../components/ErrorMessage';
import { OrderActions } from '../components/OrderActions';
import { OrderLines } from '../components/OrderLines';
import { OrderTimeline } from '../components/OrderTimeline';
import { PaymentHistory } from '../components/PaymentHistory';
import { PaymentPanel } from '../components/PaymentPanel';
import { RefundNotice } from '../components/RefundNotice';
import { formatDateTime, shortId } from '../format';
import { isSettled, useLiveOrder } from '../hooks/useLiveOrder';
import { usePageTitle } from '../hooks/usePageTitle';
import { cancelReason, ORDER_STATUS } from '../labels';

export const OrderPage = () => {
  const { id = '' } = useParams();
  usePageTitle(`Order ${shortId(id)}`);
  const { live, error, refresh } = useLiveOrder(id);
  const { ifUnauthorized } = useToLogin();
  const { reload: reloadCart } = useCart();
  const announce = useAnnounce();
  const status = live?.order.status;
  const previous = useRef(status);

  useEffect(() => {
    ifUnauthorized(error);
  }, [error, ifUnauthorized]);

  // Tell screen-reader users when the saga moves the order along.
  useEffect(() => {
    if (status && previous.current && previous.current !== status) {
      announce(`Order status: ${ORDER_STATUS[status].label}`);
    }
    previous.current = status;
    // A completed order empties the cart (cart-service reacts to OrderCompleted).
    if (status === 'COMPLETED') reloadCart().catch(() => undefined);
  }, [status, announce, reloadCart]);

  if (!live) {
    return (
      <section className="page">
        <h1>Order {shortId(id)}</h1>
        {error ? <ErrorMessage error={error} /> : <p>Loading the order…</p>}
      </section>
    );
  }

  const { order, events, payments } = live;
  const info = ORDER_STATUS[order.status];
  const paid = payments.some((payment) => payment.status === 'SUCCEEDED');
  const payable =
    (order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED') && !paid;
  return (
    <section className="page">
      <p>
        <Link to="/orders">← All orders</Link>
      </p>
      <h1>Order {shortId(order.id)}</h1>
      <div className="card status-card">
        <p className="status-line">
          Status:{' '}
          <Badge tone={info.tone} data-testid="order-status" data-status={order.status}>
            {info.label}
          </Badge>
          {isSettled(order) ? null : (
            <span className="live-dot" title="Updating live">
              <span className="visually-hidden">(updating live)</span>
            </span>
          )}
        </p>
        <p>{order.status === 'CANCELLED' ? cancelReason(order.cancelReason) : info.hint}</p>
        {payable ? (
          <p className="small">
            Pay before <time dateTime={order.expiresAt}>{formatDateTime(order.expiresAt)}</time> or
            the order is cancelled and the items released.
          </p>
        ) : null}
        {error ? <ErrorMessage error={error} /> : null}
      </div>
      <RefundNotice order={order} payments={payments} />
      <div className="order-layout">
        <div className="stack">
          {payable ? <PaymentPanel key={order.id} order={order} onPaid={refresh} /> : null}
          <section className="card" aria-labelledby="items-title">
            <h2 id="items-title">Items</h2>
            <OrderLines order={order} />
            {order.shippingAddress ? (
              <p className="small">
                Ships to {order.shippingAddress.line1}, {order.shippingAddress.city}{' '}
                {order.shippingAddress.postalCode}, {order.shippingAddress.country}
              </p>
            ) : null}
            <p className="muted small">Placed {formatDateTime(order.createdAt)}</p>
          </section>
          <OrderActions order={order} onChanged={refresh} />
        </div>
        <div className="stack">
          <PaymentHistory payments={payments} />
          <OrderTimeline events={events} />
        </div>
      </div>
    </section>
  );
};
