import type { PaymentCardInput } from '@shop/contracts';
import { type KeyScope, oncePerKey, type StoredResponse } from '@shop/platform/idempotency';
import type { IdempotencyStore } from './ports.js';

/** A claimed key with no answer after this long belongs to a request that died. */
export const ABANDONED_AFTER_MS = 60_000;

/** A keyed hash (HMAC) of a card number: the same card gives the same value, nothing gives the card. */
export type CardFingerprint = (cardNumber: string) => string;

/**
 * The request as an Idempotency-Key remembers it. The card number is replaced by its keyed
 * hash beside its last 4 digits and expiry, and the CVC is left out: a stored fingerprint must
 * not let anyone recover a card (PCI DSS keeps no CVC in any form after authorisation).
 */
export const fingerprintable = (
  body: { paymentMethod?: PaymentCardInput | undefined; [field: string]: unknown },
  cardFingerprint: CardFingerprint,
) => {
  const { paymentMethod, ...rest } = body;
  if (!paymentMethod) return rest;
  const { cardNumber, cvc: _cvc, ...card } = paymentMethod;
  const digits = cardNumber.replace(/\D/g, '');
  return {
    ...rest,
    paymentMethod: { ...card, card: cardFingerprint(digits), last4: digits.slice(-4) },
  };
};

export interface KeyedRequest {
  store: IdempotencyStore;
  scope: KeyScope;
  request: unknown;
  now: Date;
  /** The payment this request creates (POST /payments), to answer with if the request died. */
  paymentId?: string;
  recover?: (paymentId: string) => Promise<StoredResponse | null>;
}

/**
 * Runs a payment write once per Idempotency-Key, as payment processors do: the first response
 * (status and body, refusals included) is replayed to every retry with the same request; another
 * request with the key is 422; a retry while the first runs is 409 (@shop/platform/idempotency).
 */
export const oncePerPaymentKey = async (
  { store, scope, request, now, paymentId, recover }: KeyedRequest,
  run: () => Promise<StoredResponse>,
) =>
  await oncePerKey({
    store,
    scope,
    request,
    now,
    abandonedAfterMs: ABANDONED_AFTER_MS,
    run,
    ...(paymentId ? { resourceId: paymentId } : {}),
    ...(recover ? { recover } : {}),
  });
