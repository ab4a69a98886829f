import type { Order } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { isSettled } from '../src/hooks/useLiveOrder';
import { cancelReason, cardLabel, failureReason } from '../src/labels';
import { pictureSrc } from '../src/pictures';

const order = (status: Order['status'], paymentStatus: Order['paymentStatus']) =>
  ({ status, paymentStatus }) as Order;

describe('isSettled (when polling stops)', () => {
  it.each([
    ['PENDING_PAYMENT', 'NONE', false],
    ['PAYMENT_FAILED', 'FAILED', false],
    ['PAID', 'SUCCEEDED', false],
    ['COMPLETED', 'SUCCEEDED', true],
    ['SHIPPED', 'SUCCEEDED', true],
    ['DELIVERED', 'SUCCEEDED', true],
    ['CANCELLED', 'NONE', true],
    ['CANCELLED', 'SUCCEEDED', false],
    ['CANCELLED', 'REFUNDED', true],
  ] as const)(
    'when the order is %s with payment %s, then settled is %s',
    (status, payment, settled) => {
      expect(isSettled(order(status, payment))).toBe(settled);
    },
  );
});

describe('pictureSrc', () => {
  it('when a demo picture was stored with another host, then only its path is kept', () => {
    expect(
      pictureSrc('http://127.0.0.1:8080/images/products/ember-mug.svg', 'https://shop.example'),
    ).toBe('/images/products/ember-mug.svg');
  });

  it('when a picture lives elsewhere, then its URL is used as is; other schemes are dropped', () => {
    expect(pictureSrc('https://cdn.example/x.png')).toBe('https://cdn.example/x.png');
    expect(pictureSrc('javascript:alert(1)')).toBeNull();
    expect(pictureSrc(undefined)).toBeNull();
  });
});

describe('labels', () => {
  it('when a card summary is shown, then the brand reads like a name', () => {
    expect(cardLabel({ brand: 'visa', last4: '4242' })).toBe('Visa ending in 4242');
    expect(cardLabel({ brand: 'unknown', last4: '0002' })).toBe('Unknown ending in 0002');
  });

  it('when a payment failed or an order was cancelled, then the code becomes a sentence', () => {
    expect(failureReason('card_declined')).toBe('The card was declined.');
    expect(failureReason('something_new')).toBe('Something new.');
    expect(cancelReason('payment_timeout')).toMatch(/not paid before the deadline/);
    expect(cancelReason('customer_request')).toBe('Cancelled at your request.');
  });
});
