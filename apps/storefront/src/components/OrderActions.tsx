import type { Order, OrderStatus } from '@shop/contracts';
import { useState } from 'react';
import { cancelOrder, deliverOrder, shipOrder } from '../api/orders';
import { useAuth } from '../auth/AuthProvider';
import { useAnnounce } from './Announcer';
import { ErrorMessage } from './ErrorMessage';

/** States order-service lets a customer cancel from (docs/contract/states.md#orders). */
const CANCELLABLE: readonly OrderStatus[] = [
  'PENDING_PAYMENT',
  'PAYMENT_FAILED',
  'PAID',
  'COMPLETED',
];

type Props = { order: Order; onChanged: () => void };

export const OrderActions = ({ order, onChanged }: Props) => {
  const { isAdmin } = useAuth();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (action: (id: string) => Promise<Order>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action(order.id);
      announce(done);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const paid = order.paymentStatus === 'SUCCEEDED';
  const canCancel = CANCELLABLE.includes(order.status);
  const canShip = isAdmin && order.status === 'COMPLETED';
  const canDeliver = isAdmin && order.status === 'SHIPPED';
  if (!canCancel && !canShip && !canDeliver && !error) return null;

  return (
    <div className="order-actions">
      {canCancel ? (
        <button
          type="button"
          className="button button-danger"
          data-testid="cancel-order-button"
          disabled={busy}
          onClick={() =>
            run(
              cancelOrder,
              paid ? 'Order cancelled. Your payment will be refunded.' : 'Order cancelled.',
            )
          }
        >
          {busy ? 'Working…' : 'Cancel order'}
        </button>
      ) : null}
      {canShip ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => run(shipOrder, 'Order marked as shipped.')}
        >
          Mark as shipped
        </button>
      ) : null}
      {canDeliver ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => run(deliverOrder, 'Order marked as delivered.')}
        >
          Mark as delivered
        </button>
      ) : null}
      {canCancel && paid ? (
        <p className="muted small">Cancelling a paid order refunds the full amount to your card.</p>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
};
