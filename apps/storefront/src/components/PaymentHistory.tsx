import type { Payment } from '@shop/contracts';
import { formatDateTime } from '../format';
import { cardLabel, failureReason, PAYMENT_STATUS } from '../labels';
import { formatMoney } from '../money';
import { Badge } from './Badge';

/** Every payment attempt, newest first; the newest one carries the test hook. */
export const PaymentHistory = ({ payments }: { payments: Payment[] }) => {
  const newestFirst = [...payments].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card" aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      {newestFirst.length === 0 ? (
        <p className="muted">No payment yet.</p>
      ) : (
        <ul className="payment-list">
          {newestFirst.map((payment, position) => {
            const status = PAYMENT_STATUS[payment.status];
            return (
              <li key={payment.id}>
                <div className="payment-head">
                  <strong>{formatMoney(payment.amount, payment.currency)}</strong>
                  <Badge
                    tone={status.tone}
                    data-status={payment.status}
                    {...(position === 0 ? { 'data-testid': 'payment-status' } : {})}
                  >
                    {status.label}
                  </Badge>
                </div>
                <p className="muted small">
                  {cardLabel(payment.card)} ·{' '}
                  <time dateTime={payment.createdAt}>{formatDateTime(payment.createdAt)}</time>
                </p>
                {payment.status === 'FAILED' ? (
                  <p className="small">{failureReason(payment.failureReason)}</p>
                ) : null}
                {payment.refundedAmount > 0 ? (
                  <p className="small">
                    Refunded {formatMoney(payment.refundedAmount, payment.currency)}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
};
