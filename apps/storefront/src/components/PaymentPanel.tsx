import type { CreatePaymentBody, Order, Payment } from '@shop/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { getMe, updateAccount } from '../api/accounts';
import { ApiError, errorMessage, NetworkError } from '../api/client';
import { createPayment } from '../api/payments';
import { useAuth } from '../auth/AuthProvider';
import { type CardDraft, toCardInput } from '../card';
import { useResource } from '../hooks/useResource';
import { AttemptKeys, outcomeUnknown } from '../idempotency';
import { cardLabel, failureReason } from '../labels';
import { formatMoney } from '../money';
import { useAnnounce } from './Announcer';
import { CardFields, EMPTY_CARD } from './CardFields';
import { ErrorMessage } from './ErrorMessage';
import { TestCards } from './TestCards';

type Props = { order: Order; onPaid: () => void };

/** Pays an order with the saved card or a new one; a decline can simply be paid again. */
export const PaymentPanel = ({ order, onPaid }: Props) => {
  const { session } = useAuth();
  const announce = useAnnounce();
  const account = useResource(getMe);
  const saved = account.data?.paymentMethod ?? null;
  const [useSaved, setUseSaved] = useState(true);
  const [card, setCard] = useState<CardDraft>(EMPTY_CARD);
  const [saveCard, setSaveCard] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Payment | null>(null);
  const [note, setNote] = useState('');
  const keys = useRef(new AttemptKeys());
  const withSaved = saved !== null && useSaved;

  const rememberCard = async (cardInput: NonNullable<CreatePaymentBody['paymentMethod']>) => {
    if (!session) return;
    const { cvc: _cvc, ...paymentMethod } = cardInput; // a CVC is never stored
    try {
      await updateAccount(session.claims.sub, { paymentMethod });
      setNote('The card is saved on your account for next time.');
      void account.reload();
    } catch (failure) {
      setNote(
        `The payment went through, but the card could not be saved: ${errorMessage(failure)}`,
      );
    }
  };

  /** The request body, or null when the typed card has mistakes (then shown on the fields). */
  const buildBody = (): CreatePaymentBody | null => {
    const body: CreatePaymentBody = {
      orderId: order.id,
      amount: order.totalAmount,
      currency: order.currency,
    };
    if (withSaved) return body; // no paymentMethod: payment-service uses the saved card
    const checked = toCardInput(card);
    setFieldErrors(checked.ok ? {} : checked.errors);
    return checked.ok ? { ...body, paymentMethod: checked.card } : null;
  };

  const onAnswer = async (payment: Payment, body: CreatePaymentBody) => {
    setResult(payment);
    if (payment.status !== 'SUCCEEDED') {
      announce(`Payment failed. ${failureReason(payment.failureReason)}`);
      return;
    }
    announce(`Payment of ${formatMoney(payment.amount, payment.currency)} succeeded`);
    if (saveCard && body.paymentMethod) await rememberCard(body.paymentMethod);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setNote('');
    const body = buildBody();
    if (!body) return;
    // Same body after an unanswered try → same key: the service replays, never charges twice.
    const key = keys.current.keyFor(body);
    setBusy(true);
    try {
      const payment = await createPayment(body, key);
      keys.current.settle();
      await onAnswer(payment, body);
    } catch (failure) {
      keys.current.settle(failure);
      setResult(null);
      setError(failure);
      if (failure instanceof ApiError) setFieldErrors(failure.fields);
    } finally {
      setBusy(false);
      onPaid();
    }
  };

  const retrying = outcomeUnknown(error);
  const amount = formatMoney(order.totalAmount, order.currency);
  if (result?.status === 'SUCCEEDED') {
    return (
      <section className="card payment-panel" aria-labelledby="pay-title">
        <h2 id="pay-title">Payment received</h2>
        <p className="alert alert-success" data-testid="payment-result" data-status="SUCCEEDED">
          {amount} paid with {cardLabel(result.card)}. We are completing your order now.
        </p>
        {note ? <p className="muted small">{note}</p> : null}
      </section>
    );
  }
  return (
    <section className="card payment-panel" aria-labelledby="pay-title">
      <h2 id="pay-title">Pay {amount}</h2>
      {result?.status === 'FAILED' ? (
        <div
          className="alert alert-danger"
          role="alert"
          data-testid="payment-result"
          data-status="FAILED"
        >
          <strong>Payment failed.</strong> {failureReason(result.failureReason)} You can pay again,
          with this card or another one.
        </div>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        {saved ? (
          <fieldset className="fieldset">
            <legend>Pay with</legend>
            <label className="radio">
              <input
                type="radio"
                name="method"
                checked={useSaved}
                onChange={() => setUseSaved(true)}
              />
              Saved card: {cardLabel(saved)} (expires {String(saved.expMonth).padStart(2, '0')}/
              {saved.expYear})
            </label>
            <label className="radio">
              <input
                type="radio"
                name="method"
                checked={!useSaved}
                onChange={() => setUseSaved(false)}
              />
              A new card
            </label>
          </fieldset>
        ) : null}
        {withSaved ? null : (
          <>
            <CardFields value={card} onChange={setCard} errors={fieldErrors} />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={saveCard}
                onChange={(event) => setSaveCard(event.target.checked)}
              />
              Save this card on my account
            </label>
          </>
        )}
        <ErrorMessage
          error={
            error instanceof NetworkError
              ? `${error.message}. Trying again is safe: you will not be charged twice.`
              : error
          }
        />
        <button
          type="submit"
          className="button button-block"
          data-testid="pay-button"
          disabled={busy}
        >
          {busy ? 'Paying…' : retrying ? `Try again: pay ${amount}` : `Pay ${amount}`}
        </button>
        {note ? <p className="muted small">{note}</p> : null}
      </form>
      <TestCards
        onUse={(cardNumber) => {
          setUseSaved(false);
          setCard((current) => ({ ...current, cardNumber }));
        }}
      />
    </section>
  );
};
