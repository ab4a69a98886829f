import type { Order, Payment } from '@shop/contracts';
import { cardLabel } from '../labels';
import { formatMoney } from '../money';

/** The refund of a cancelled paid order: pending until payment-service reports it. */
export const RefundNotice = ({ order, payments }: { order: Order; payments: Payment[] }) => {
  const refunded = payments.filter((payment) => payment.refundedAmount > 0);
  if (order.paymentStatus === 'REFUNDED') {
    const total = refunded.reduce((sum, payment) => sum + payment.refundedAmount, 0);
    const card = refunded[0]?.card;
    return (
      <p className="alert alert-success" data-testid="refund-status" data-status="REFUNDED">
        Refunded {formatMoney(total || order.totalAmount, order.currency)}
        {card ? ` to ${cardLabel(card)}` : ''}.
      </p>
    );
  }
  if (order.status === 'CANCELLED' && order.paymentStatus === 'SUCCEEDED') {
    return (
      <p className="alert alert-info">
        Your refund of {formatMoney(order.totalAmount, order.currency)} is being processed…
      </p>
    );
  }
  return null;
};
