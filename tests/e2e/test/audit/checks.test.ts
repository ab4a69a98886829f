import { describe, expect, it } from 'vitest';
import { type AuditOptions, checkSnapshot } from '../../src/audit/checks.js';
import type { Snapshot } from '../../src/audit/snapshot.js';
import {
  cartLine,
  checkout,
  deadLetter,
  healthyShop,
  hold,
  item,
  NOW,
  order,
  payment,
  secondsAgo,
} from './world.js';

const audit = (snapshot: Snapshot, options: AuditOptions = {}) =>
  checkSnapshot(snapshot, { now: NOW, ...options });

/** The healthy shop with some of its parts replaced. */
const shop = (changes: Partial<Snapshot>) => ({ ...healthyShop(), ...changes });

describe('the audit over a snapshot', () => {
  it('when every invariant holds, then it finds nothing', () => {
    expect(audit(healthyShop())).toEqual([]);
  });

  describe('stock (1, 2)', () => {
    it('when reserved exceeds onHand or disagrees with the HELD holds, then invariant 1', () => {
      const found = audit(
        shop({ items: [item('item-1', { inventory: { onHand: 1, reserved: 2, available: -1 } })] }),
      );
      expect(found.filter((v) => v.invariant === 1).map((v) => v.message)).toEqual([
        'inventory out of bounds: onHand 1, reserved 2, available -1',
        'reserved 2 ≠ HELD holds 0',
        'reserved 2 ≠ reservation entries 0',
      ]);
    });

    it('when onHand is not what the ledger explains, then invariant 2 names the item', () => {
      const found = audit(
        shop({
          items: [
            item('item-1', {
              inventory: { onHand: 9, reserved: 0, available: 9 },
              ledger: { initial: 10, adjusted: 0, committed: 4, restocked: 2 },
            }),
          ],
        }),
      );
      expect(found).toEqual([
        {
          invariant: 2,
          message: 'onHand 9 ≠ initial 10 + adjusted 0 − committed 4 + restocked 2',
          ids: { itemId: 'item-1' },
        },
      ]);
    });
  });

  describe('completed orders (3, 7)', () => {
    it('when a completed order was charged twice, or its only charge was refunded, then invariant 3', () => {
      const twice = audit(
        shop({ payments: [payment('order-1'), payment('order-1', { id: 'p2' })] }),
      );
      expect(twice).toContainEqual(
        expect.objectContaining({ invariant: 3, ids: { orderId: 'order-1' } }),
      );
      const refunded = audit(
        shop({
          payments: [
            payment('order-1', { status: 'REFUNDED', refundedAmount: 5_000, refundTotal: 5_000 }),
          ],
        }),
      );
      expect(refunded.map((v) => v.message)).toContain("COMPLETED order's charge is REFUNDED");
    });

    it('when the charge differs from the total in amount or currency, then invariant 7 with both ids', () => {
      const found = audit(shop({ payments: [payment('order-1', { amount: 100 })] }));
      expect(found).toEqual([
        {
          invariant: 7,
          message: 'COMPLETED order charged 100 USD, its total is 5000 USD',
          ids: { orderId: 'order-1', paymentId: 'payment-of-order-1' },
        },
      ]);
      const euros = audit(shop({ payments: [payment('order-1', { currency: 'EUR' })] }));
      expect(euros.map((v) => v.invariant)).toEqual([7]);
    });

    it("when the committed hold's lines differ from the order's, then invariant 7 shows both", () => {
      const found = audit(
        shop({
          holds: [
            hold('order-1', { lines: [{ itemId: 'item-1', quantity: 1 }] }),
            hold('order-2', { status: 'RESTOCKED' }),
          ],
        }),
      );
      expect(found).toContainEqual({
        invariant: 7,
        message: "COMPLETED order's committed hold has item-1×1, the order item-1×2",
        ids: { orderId: 'order-1' },
      });
    });

    it('when the same lines come in another order, then they are the same lines', () => {
      const lines = [
        { itemId: 'b', quantity: 1 },
        { itemId: 'a', quantity: 3 },
      ];
      const found = audit(
        shop({
          orders: [order('order-1', { status: 'SHIPPED', lines })],
          holds: [hold('order-1', { lines: [...lines].reverse() })],
          payments: [payment('order-1')],
          items: [],
        }),
      );
      expect(found).toEqual([]);
    });

    it("when a shipped order's hold is not COMMITTED, then invariant 3", () => {
      const found = audit(
        shop({
          holds: [
            hold('order-1', { status: 'RELEASED' }),
            hold('order-2', { status: 'RESTOCKED' }),
          ],
        }),
      );
      expect(found.map((v) => v.message)).toContain("COMPLETED order's hold is RELEASED");
    });
  });

  describe('cancelled orders (4)', () => {
    it('when a cancelled order still holds money or stock, then invariant 4', () => {
      const found = audit(
        shop({
          payments: [payment('order-1'), payment('order-2')],
          holds: [hold('order-1'), hold('order-2', { status: 'COMMITTED' })],
        }),
      );
      expect(found.filter((v) => v.invariant === 4).map((v) => v.message)).toEqual([
        "cancelled order still holds 5000 of the customer's money",
        "cancelled order's hold is COMMITTED",
      ]);
    });
  });

  describe('things in flight for longer than the grace (1, 7)', () => {
    const grace = { inFlightGraceMs: 60_000 };

    it('when an order has been PAID longer than the grace, then invariant 7; within it, nothing', () => {
      const paid = (seconds: number) =>
        shop({ orders: [order('order-1', { status: 'PAID', updatedAt: secondsAgo(seconds) })] });
      expect(audit(paid(30), grace)).toEqual([]);
      expect(audit(paid(90), grace)).toEqual([
        {
          invariant: 7,
          message: 'order PAID for 90 s: the stock commit never came',
          ids: { orderId: 'order-1' },
        },
      ]);
    });

    it('when no grace is given (a quiet system), then anything in flight is reported at once', () => {
      const found = audit(
        shop({ orders: [order('order-1', { status: 'PAID', updatedAt: secondsAgo(1) })] }),
      );
      expect(found.map((v) => v.invariant)).toEqual([7]);
    });

    it('when a hold stays COMMITTING past the grace, then invariant 7; another passing state, invariant 1', () => {
      const found = audit(
        shop({
          holds: [
            hold('order-1', { status: 'COMMITTING', updatedAt: secondsAgo(120) }),
            hold('order-2', { status: 'RELEASING', updatedAt: secondsAgo(120) }),
            hold('order-3', { status: 'COMMITTING', updatedAt: secondsAgo(10) }),
          ],
          orders: [],
          payments: [],
          items: [],
        }),
        grace,
      );
      expect(found).toEqual([
        {
          invariant: 7,
          message: 'hold stuck in COMMITTING for 120 s',
          ids: { orderId: 'order-1' },
        },
        { invariant: 1, message: 'hold stuck in RELEASING for 120 s', ids: { orderId: 'order-2' } },
      ]);
    });

    it('when a payment stays PROCESSING past the grace, then invariant 7 with payment and order', () => {
      const processing = (seconds: number) =>
        shop({
          payments: [
            ...healthyShop().payments,
            payment('order-9', { id: 'p9', status: 'PROCESSING', updatedAt: secondsAgo(seconds) }),
          ],
        });
      expect(audit(processing(59), grace)).toEqual([]);
      expect(audit(processing(61), grace)).toEqual([
        {
          invariant: 7,
          message: 'payment PROCESSING for 61 s',
          ids: { paymentId: 'p9', orderId: 'order-9' },
        },
      ]);
    });
  });

  describe('carts of completed orders (7)', () => {
    it("when a completed order's checkout never took its lines out of the cart, then invariant 7 names order and customer", () => {
      const found = audit(
        shop({
          checkouts: [checkout('order-1')],
          cartLines: [cartLine('item-1', { quantity: 2 })],
        }),
      );
      expect(found).toEqual([
        {
          invariant: 7,
          message: 'cart still holds lines of a COMPLETED order: item-1×2',
          ids: { orderId: 'order-1', userId: 'user-1' },
        },
      ]);
    });

    it('when the checkout completed, the cart lacks those items, the order is not completed or still within the grace, then nothing', () => {
      const base = { cartLines: [cartLine('item-1'), cartLine('item-1', { userId: 'user-2' })] };
      expect(
        audit(shop({ ...base, checkouts: [checkout('order-1', { completedAt: NOW })] })),
      ).toEqual([]);
      expect(
        audit(shop({ checkouts: [checkout('order-1')], cartLines: [cartLine('item-2')] })),
      ).toEqual([]);
      expect(audit(shop({ ...base, checkouts: [checkout('order-2')] }))).toEqual([]);
      const fresh = shop({
        ...base,
        orders: [
          order('order-1', { updatedAt: secondsAgo(5) }),
          order('order-2', { status: 'CANCELLED' }),
        ],
        checkouts: [checkout('order-1')],
      });
      expect(audit(fresh, { inFlightGraceMs: 60_000 })).toEqual([]);
      expect(audit(fresh).map((v) => v.invariant)).toEqual([7]);
    });
  });

  describe('dead letters (7)', () => {
    it('when a dead letter is pending, then invariant 7 with its id, type and order; replayed or acknowledged ones pass', () => {
      const found = audit(
        shop({
          deadLetters: [
            deadLetter('payment.events.dlq:1:4'),
            deadLetter('order.events.dlq:0:2', { state: 'acknowledged', note: 'test data' }),
            deadLetter('order.events.dlq:2:9', { state: 'replayed' }),
            deadLetter('inventory.events.dlq:0:0', {
              reason: 'invalid',
              eventType: null,
              orderId: null,
              error: 'value is not JSON',
            }),
          ],
        }),
      );
      expect(found).toEqual([
        {
          invariant: 7,
          message:
            'dead letter pending (make dlq): handler-failed at item-service: connect ECONNREFUSED',
          ids: {
            deadLetterId: 'payment.events.dlq:1:4',
            eventType: 'PaymentSucceeded',
            orderId: 'order-1',
          },
        },
        {
          invariant: 7,
          message: 'dead letter pending (make dlq): invalid at item-service: value is not JSON',
          ids: { deadLetterId: 'inventory.events.dlq:0:0' },
        },
      ]);
    });
  });

  describe('deadlines, outboxes, charges (5, 6)', () => {
    it('when an unpaid order is past its deadline plus the grace, or an outbox row waits too long, then invariant 5', () => {
      const found = audit(
        shop({
          orders: [
            order('late', { status: 'PENDING_PAYMENT', expiresAt: secondsAgo(61) }),
            order('just', { status: 'PAYMENT_FAILED', expiresAt: secondsAgo(59) }),
          ],
          holds: [hold('h', { status: 'RESTOCKED', outbox: [secondsAgo(61)] })],
          orderOutbox: [{ orderId: 'o', createdAt: secondsAgo(61) }],
          paymentOutbox: [{ eventId: 'e', createdAt: secondsAgo(59) }],
          payments: [],
          items: [],
        }),
      );
      expect(found.map((v) => [v.invariant, v.ids])).toEqual([
        [5, { orderId: 'late' }],
        [5, { orderId: 'o' }],
        [5, { orderId: 'h' }],
      ]);
    });

    it('when refunds exceed or disagree with their charge, then invariant 6', () => {
      const found = audit(
        shop({
          payments: [
            payment('order-1'),
            payment('order-2', { status: 'REFUNDED', refundedAmount: 5_000, refundTotal: 6_000 }),
          ],
        }),
      );
      expect(found).toContainEqual({
        invariant: 6,
        message: 'refunds 6000 (recorded 5000) vs charge 5000',
        ids: { paymentId: 'payment-of-order-2' },
      });
    });
  });
});
