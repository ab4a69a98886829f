import type { Payment, PaymentStatus } from '@shop/contracts';
import { useCallback, useRef, useState } from 'react';
import { listAllPayments, refundPayment } from '../../api/admin';
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
import { AttemptKeys } from '../../idempotency';
import { cardLabel, PAYMENT_STATUS } from '../../labels';
import { formatMoney, parseMoneyInput } from '../../money';

const REFUNDABLE = new Set<PaymentStatus>(['SUCCEEDED', 'PARTIALLY_REFUNDED']);

/** A refund of part (an amount) or all (empty) of what is left of the charge. */
const RefundForm = ({
  payment,
  onRefunded,
}: {
  payment: Payment;
  onRefunded: (p: Payment) => void;
}) => {
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(new AttemptKeys());
  const parsed = amount.trim() ? parseMoneyInput(amount, payment.currency) : null;
  const submit = async () => {
    if (parsed && !parsed.ok) return;
    const body = { ...(parsed?.ok ? { amount: parsed.minor } : {}), reason: reason.trim() };
    setBusy(true);
    setError(null);
    try {
      const refunded = await refundPayment(payment.id, body, keys.current.keyFor(body));
      keys.current.settle();
      setAmount('');
      setReason('');
      onRefunded(refunded);
    } catch (failure) {
      keys.current.settle(failure);
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="refund-form"
      aria-label={`Refund payment ${shortId(payment.id)}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField
        label="Amount (empty: all that is left)"
        value={amount}
        inputMode="decimal"
        error={parsed && !parsed.ok ? parsed.error : undefined}
        onChange={(event) => setAmount(event.target.value)}
      />
      <TextField
        label="Reason"
        value={reason}
        required
        maxLength={200}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button" disabled={busy || !reason.trim()}>
        Refund
      </button>
      <ErrorMessage error={error} />
    </form>
  );
};

const PaymentRow = ({
  payment,
  onChanged,
}: {
  payment: Payment;
  onChanged: (p: Payment) => void;
}) => {
  const info = PAYMENT_STATUS[payment.status];
  return (
    <tr data-payment-id={payment.id}>
      <td>{shortId(payment.id)}</td>
      <td>{shortId(payment.orderId)}</td>
      <td>{shortId(payment.userId)}</td>
      <td>{formatDateTime(payment.createdAt)}</td>
      <td>
        {formatMoney(payment.amount, payment.currency)}
        {payment.refundedAmount > 0 ? (
          <span className="muted small">
            {' '}
            ({formatMoney(payment.refundedAmount, payment.currency)} refunded)
          </span>
        ) : null}
      </td>
      <td>{cardLabel(payment.card)}</td>
      <td>
        <Badge tone={info.tone} data-status={payment.status}>
          {info.label}
        </Badge>
        {payment.failureReason ? (
          <span className="muted small"> {payment.failureReason}</span>
        ) : null}
      </td>
      <td>
        {REFUNDABLE.has(payment.status) ? (
          <RefundForm payment={payment} onRefunded={onChanged} />
        ) : null}
      </td>
    </tr>
  );
};

/** Every payment newest first, by status, customer or order; refunds in part or in full. */
export const AdminPaymentsPage = () => {
  usePageTitle('Admin · Payments');
  const { filter, setFilter, setParams } = useUrlFilters();
  const status = filter('status') as PaymentStatus | '';
  const userId = filter('userId');
  const orderId = filter('orderId');
  const fetchPage = useCallback(
    (cursor?: string) =>
      listAllPayments({
        status: status || undefined,
        userId: userId || undefined,
        orderId: orderId || undefined,
        cursor,
        limit: 20,
      }).then((page) => ({ entries: page.payments, nextCursor: page.nextCursor })),
    [status, userId, orderId],
  );
  const paged = usePagedList<Payment>(fetchPage);
  const rows = useChangedRows<Payment>();

  return (
    <section className="page">
      <h1>Payments</h1>
      <AdminNav />
      <div className="toolbar">
        <StatusFilter
          statuses={PAYMENT_STATUS}
          value={status}
          onChange={(value) => setFilter('status', value)}
        />
      </div>
      {userId || orderId ? (
        <p className="muted">
          {userId ? `Customer ${shortId(userId)}` : ''} {orderId ? `Order ${shortId(orderId)}` : ''}{' '}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setParams(new URLSearchParams(status ? { status } : {}))}
          >
            Show all
          </button>
        </p>
      ) : null}
      <PagedTable
        label="Payments"
        columns={['Payment', 'Order', 'Customer', 'When', 'Amount', 'Card', 'Status', 'Refund']}
        {...paged}
        loadingText="Loading payments…"
        emptyText="No payments match."
        row={(payment) => (
          <PaymentRow key={payment.id} payment={rows.latest(payment)} onChanged={rows.changedTo} />
        )}
      />
    </section>
  );
};
