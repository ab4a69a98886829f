import { describe, expect, it } from 'vitest';
import { escapeHtml, formatMoney } from '../../src/domain/format.js';
import { render } from '../../src/domain/layout.js';
import {
  orderCancelled as cancelledEmail,
  orderCompleted as completedEmail,
  orderDelivered as deliveredEmail,
  orderReceived,
  paymentFailed as paymentFailedEmail,
  refundIssued,
  orderShipped as shippedEmail,
} from '../../src/domain/templates.js';
import {
  orderCancelled,
  orderCreated,
  orderProgress,
  paymentFailed,
  paymentRefunded,
} from '../events.js';

const ref = (orderId: string) => `#${orderId.slice(0, 8).toUpperCase()}`;

describe('money and markup', () => {
  it.each([
    [12_999, 'USD', '$129.99'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [1_000_000_000, 'USD', '$10,000,000.00'],
    [1_500, 'JPY', '¥1,500'],
    // Intl puts a no-break space between a currency code and the amount.
    [1_234, 'KWD', 'KWD\u00a01.234'],
    [1_000, 'EUR', '€10.00'],
  ])('when %i minor units of %s are formatted, then they read %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('when text holds markup characters, then escapeHtml neutralises every one', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
  });
});

describe('templates', () => {
  it('when an order is cancelled unpaid, then the email says nothing was charged', () => {
    const event = orderCancelled(crypto.randomUUID());
    const unpaid = { ...event, data: { ...event.data, paid: false, reason: 'payment_timeout' } };
    const message = render(unpaid.orderId, cancelledEmail(unpaid));
    expect(message.text).toContain('because it was not paid in time');
    expect(message.text).toContain('You have not been charged');
    expect(message.text).not.toContain('refund');
  });

  it('when an order was created, then the text and HTML parts carry the same lines, total and deadline', () => {
    const event = orderCreated(crypto.randomUUID());
    const message = render(event.orderId, orderReceived(event));
    expect(message.type).toBe('ORDER_RECEIVED');
    for (const part of [message.text, message.html]) {
      expect(part).toContain('Studio Headphones');
      expect(part).toContain('$259.98');
      expect(part).toContain('$269.97');
      expect(part).toContain('Jan 15, 2030, 10:30 AM UTC');
      expect(part).toContain('1 Main Street, 12345 Springfield, US');
      expect(part).toContain(event.orderId);
    }
  });

  it('when an item name holds markup, then the HTML shows it escaped and the text as typed', () => {
    const event = orderCreated(crypto.randomUUID());
    const message = render(event.orderId, orderReceived(event));
    expect(message.html).toContain('Cable &lt;1m&gt; &amp; &quot;adapter&quot;');
    expect(message.html).not.toContain('<1m>');
    expect(message.text).toContain('1 × Cable <1m> & "adapter"');
  });

  it.each([
    {
      type: 'PAYMENT_FAILED',
      draft: () => {
        const event = paymentFailed(crypto.randomUUID());
        return { orderId: event.orderId, draft: paymentFailedEmail(event) };
      },
      subject: (orderId: string) => `Payment for order ${ref(orderId)} did not go through`,
      facts: ['$269.97', 'the card was declined', 'pay again'],
    },
    {
      type: 'ORDER_COMPLETED',
      draft: () => {
        const event = orderProgress('OrderCompleted', crypto.randomUUID());
        return { orderId: event.orderId, draft: completedEmail(event) };
      },
      subject: (orderId: string) => `Your order ${ref(orderId)} is confirmed`,
      facts: ['We received your payment'],
    },
    {
      type: 'ORDER_CANCELLED',
      draft: () => {
        const event = orderCancelled(crypto.randomUUID());
        return { orderId: event.orderId, draft: cancelledEmail(event) };
      },
      subject: (orderId: string) => `Your order ${ref(orderId)} was cancelled`,
      facts: ['sold out', 'refunded in full'],
    },
    {
      type: 'REFUND_ISSUED',
      draft: () => {
        const event = paymentRefunded(crypto.randomUUID());
        return { orderId: event.orderId, draft: refundIssued(event) };
      },
      subject: (orderId: string) => `Refund of €10.00 for order ${ref(orderId)}`,
      facts: ['We refunded €10.00 of your €269.97 payment', '€10.00 of €269.97 has been refunded'],
    },
    {
      type: 'ORDER_SHIPPED',
      draft: () => {
        const event = orderProgress('OrderShipped', crypto.randomUUID());
        return { orderId: event.orderId, draft: shippedEmail(event) };
      },
      subject: (orderId: string) => `Your order ${ref(orderId)} has shipped`,
      facts: ['has left our warehouse'],
    },
    {
      type: 'ORDER_DELIVERED',
      draft: () => {
        const event = orderProgress('OrderDelivered', crypto.randomUUID());
        return { orderId: event.orderId, draft: deliveredEmail(event) };
      },
      subject: (orderId: string) => `Your order ${ref(orderId)} was delivered`,
      facts: ['was delivered'],
    },
  ])(
    'when $type is rendered, then the subject and text carry the order facts',
    ({ type, draft, subject, facts }) => {
      const { orderId, draft: content } = draft();
      const message = render(orderId, content);
      expect(message.type).toBe(type);
      expect(message.subject).toBe(subject(orderId));
      for (const fact of [...facts, orderId]) expect(message.text).toContain(fact);
      expect(message.html).toContain(orderId);
    },
  );
});
