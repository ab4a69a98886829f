import type { EventOfType } from '@shop/contracts';
import { describeReason, formatAddress, formatDate, formatMoney, orderRef } from './format.js';
import type { Draft } from './layout.js';

// One template per business event a customer hears about: the email's facts, laid out by
// layout.ts. Which event gets which template is NOTIFICATION_REACTIONS (consumers/): OrderUpdated,
// OrderPaid and PaymentSucceeded have none, as the confirmation (OrderCompleted) covers a payment.

export const orderReceived = ({ orderId, data }: EventOfType<'OrderCreated'>): Draft => {
  const ref = orderRef(orderId);
  return {
    type: 'ORDER_RECEIVED',
    subject: `We received your order ${ref}`,
    heading: 'Thank you for your order',
    paragraphs: [
      `We received your order ${ref} and are holding its items for you.`,
      `Please complete the payment by ${formatDate(data.expiresAt)}; an order that is not paid by then is cancelled.`,
      ...(data.shippingAddress ? [`Shipping to: ${formatAddress(data.shippingAddress)}`] : []),
    ],
    table: {
      rows: data.items.map((line) => [
        `${line.quantity} × ${line.name}`,
        formatMoney(line.lineTotal, data.currency),
      ]),
      total: ['Total', formatMoney(data.totalAmount, data.currency)],
    },
  };
};

export const paymentFailed = ({ orderId, data }: EventOfType<'PaymentFailed'>): Draft => {
  const ref = orderRef(orderId);
  return {
    type: 'PAYMENT_FAILED',
    subject: `Payment for order ${ref} did not go through`,
    heading: 'Your payment did not go through',
    paragraphs: [
      `We could not charge ${formatMoney(data.amount, data.currency)} for order ${ref}: ${describeReason(data.reason)}.`,
      'You have not been charged. While the order awaits payment you can pay again, for example with another card.',
    ],
  };
};

export const orderCompleted = ({ orderId }: EventOfType<'OrderCompleted'>): Draft => {
  const ref = orderRef(orderId);
  return {
    type: 'ORDER_COMPLETED',
    subject: `Your order ${ref} is confirmed`,
    heading: 'Your order is confirmed',
    paragraphs: [
      `We received your payment for order ${ref} and your items are set aside for you.`,
      'We will let you know as soon as it ships.',
    ],
  };
};

export const orderCancelled = ({ orderId, data }: EventOfType<'OrderCancelled'>): Draft => {
  const ref = orderRef(orderId);
  return {
    type: 'ORDER_CANCELLED',
    subject: `Your order ${ref} was cancelled`,
    heading: 'Your order was cancelled',
    paragraphs: [
      `Order ${ref} was cancelled because ${describeReason(data.reason)}.`,
      data.paid
        ? 'Your payment will be refunded in full; we will email you when the refund is issued.'
        : 'You have not been charged for it.',
    ],
  };
};

export const refundIssued = ({ orderId, data }: EventOfType<'PaymentRefunded'>): Draft => {
  const ref = orderRef(orderId);
  const money = (amount: number) => formatMoney(amount, data.currency);
  return {
    type: 'REFUND_ISSUED',
    subject: `Refund of ${money(data.refundAmount)} for order ${ref}`,
    heading: 'We issued a refund',
    paragraphs: [
      `We refunded ${money(data.refundAmount)} of your ${money(data.amount)} payment for order ${ref} (${describeReason(data.reason)}).`,
      data.fullyRefunded
        ? 'Your payment is now refunded in full.'
        : `So far ${money(data.refundedAmount)} of ${money(data.amount)} has been refunded.`,
      'Depending on your bank, it can take a few days to appear on your statement.',
    ],
  };
};

export const orderShipped = ({ orderId }: EventOfType<'OrderShipped'>): Draft => ({
  type: 'ORDER_SHIPPED',
  subject: `Your order ${orderRef(orderId)} has shipped`,
  heading: 'Your order is on its way',
  paragraphs: [`Good news: order ${orderRef(orderId)} has left our warehouse.`],
});

export const orderDelivered = ({ orderId }: EventOfType<'OrderDelivered'>): Draft => ({
  type: 'ORDER_DELIVERED',
  subject: `Your order ${orderRef(orderId)} was delivered`,
  heading: 'Your order was delivered',
  paragraphs: [`Order ${orderRef(orderId)} was delivered. We hope you enjoy it!`],
});
