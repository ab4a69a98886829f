import { createHmac } from 'node:crypto';
import { requestFingerprint } from '@shop/platform/idempotency';
import { describe, expect, it } from 'vitest';
import { fingerprintable } from '../../src/domain/idempotency.js';

const keyed = (secret: string) => (cardNumber: string) =>
  createHmac('sha256', secret).update(cardNumber).digest('hex');

const body = (cardNumber: string, cvc = '123') => ({
  orderId: '5f1d7c4e-2a4b-4f7e-9a51-0c0b2c7d9e11',
  amount: 4_999,
  currency: 'USD',
  paymentMethod: { cardNumber, expMonth: 12, expYear: 2099, holderName: 'Ada', cvc },
});

describe('Idempotency-Key fingerprints of payments', () => {
  it('when a request carries a card, then what is fingerprinted holds no card number and no CVC', () => {
    const request = fingerprintable(body('4242 4242 4242 4242'), keyed('s3cret-of-the-shop'));
    const text = JSON.stringify(request);
    expect(text).not.toMatch(/4242424242424242|4242 4242/);
    expect(text).not.toContain('cvc');
    expect(request).toMatchObject({ paymentMethod: { last4: '4242', expMonth: 12 } });
  });

  it('when the same card comes with another CVC or spacing, then it is the same request; another card is not', () => {
    const hash = (cardNumber: string, cvc?: string) =>
      requestFingerprint(fingerprintable(body(cardNumber, cvc), keyed('s3cret-of-the-shop')));
    expect(hash('4242424242424242', '123')).toBe(hash('4242 4242 4242 4242', '999'));
    expect(hash('4000056655665556')).not.toBe(hash('4242424242424242'));
  });

  it('when the server secret differs, then so does the card’s fingerprint: it cannot be recomputed without it', () => {
    const a = fingerprintable(body('4242424242424242'), keyed('one secret'));
    const b = fingerprintable(body('4242424242424242'), keyed('another secret'));
    expect(requestFingerprint(a)).not.toBe(requestFingerprint(b));
  });

  it('when a request has no card (the saved one is used), then it is fingerprinted as it is', () => {
    const { paymentMethod: _card, ...saved } = body('4242424242424242');
    expect(fingerprintable(saved, keyed('x'))).toEqual(saved);
  });
});
