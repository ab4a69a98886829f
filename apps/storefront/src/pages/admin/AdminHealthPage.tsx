import type { DeadLetter } from '@shop/contracts';
import { useState } from 'react';
import { Link } from 'react-router';
import { listDeadLetters, listStuckOrders, replayDeadLetters } from '../../api/admin';
import { AdminNav } from '../../components/admin/AdminNav';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, shortId } from '../../format';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useResource } from '../../hooks/useResource';
import { humanize } from '../../labels';
import { formatMoney } from '../../money';

const DeadLetterRow = ({
  letter,
  onReplay,
  busy,
}: {
  letter: DeadLetter;
  onReplay: () => void;
  busy: boolean;
}) => (
  <tr data-dead-letter-id={letter.id}>
    <td>{letter.topic}</td>
    <td>{letter.eventType ?? 'not an event'}</td>
    <td>
      {letter.orderId ? (
        <Link to={`/orders/${letter.orderId}`}>{shortId(letter.orderId)}</Link>
      ) : (
        '—'
      )}
    </td>
    <td>
      {letter.reason}: <span className="muted small">{letter.error}</span>
    </td>
    <td>{letter.deadLetteredAt ? formatDateTime(letter.deadLetteredAt) : '—'}</td>
    <td>{letter.state}</td>
    <td>
      {letter.state === 'pending' ? (
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={onReplay}
        >
          Replay
        </button>
      ) : null}
    </td>
  </tr>
);

/** Dead letters with replay, and the orders the saga left behind. */
export const AdminHealthPage = () => {
  usePageTitle('Admin · Saga health');
  const letters = useResource(listDeadLetters);
  const stuck = useResource(listStuckOrders);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const replay = async (selection: { ids: string[] } | { all: true }) => {
    setBusy(true);
    setError(null);
    try {
      const result = await replayDeadLetters(selection);
      setOutcome(`Replayed ${result.replayed.length}, skipped ${result.skipped.length}.`);
      await letters.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const pending = letters.data?.pending ?? 0;

  return (
    <section className="page">
      <h1>Saga health</h1>
      <AdminNav />
      <section className="card" aria-labelledby="dlq-title">
        <h2 id="dlq-title">Dead letters</h2>
        <ErrorMessage error={letters.error ?? error} />
        <p data-testid="dead-letters-pending">
          {pending === 0
            ? 'No dead letter waits for replay.'
            : `${pending} dead letter(s) wait for replay.`}
        </p>
        {outcome ? (
          <p className="alert alert-info" role="status">
            {outcome}
          </p>
        ) : null}
        {pending > 0 ? (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void replay({ all: true })}
          >
            Replay all pending
          </button>
        ) : null}
        {letters.data && letters.data.deadLetters.length > 0 ? (
          <table className="admin-table" aria-label="Dead letters">
            <thead>
              <tr>
                <th>Topic</th>
                <th>Event</th>
                <th>Order</th>
                <th>Why</th>
                <th>When</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {letters.data.deadLetters.map((letter) => (
                <DeadLetterRow
                  key={letter.id}
                  letter={letter}
                  busy={busy}
                  onReplay={() => void replay({ ids: [letter.id] })}
                />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="card" aria-labelledby="stuck-title">
        <h2 id="stuck-title">Stuck orders</h2>
        <p className="muted">
          PAID for over {stuck.data?.graceSeconds ?? 120} s without completing, or unpaid that long
          past the payment deadline: an event or a sweep did not happen. Look at the order's
          timeline and the dead letters.
        </p>
        <ErrorMessage error={stuck.error} />
        {stuck.data?.orders.length === 0 ? (
          <p data-testid="stuck-orders">No order is stuck.</p>
        ) : null}
        {stuck.data && stuck.data.orders.length > 0 ? (
          <table className="admin-table" aria-label="Stuck orders" data-testid="stuck-orders">
            <thead>
              <tr>
                <th>Order</th>
                <th>Status</th>
                <th>Why</th>
                <th>Since</th>
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              {stuck.data.orders.map((order) => (
                <tr key={order.orderId}>
                  <td>
                    <Link to={`/orders/${order.orderId}`}>{shortId(order.orderId)}</Link>
                  </td>
                  <td>{order.status}</td>
                  <td>{humanize(order.reason)}</td>
                  <td>{formatDateTime(order.since)}</td>
                  <td>{formatMoney(order.totalAmount, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {stuck.data?.truncated ? (
          <p className="muted small">Only the newest orders of each status were read.</p>
        ) : null}
      </section>
    </section>
  );
};
