import { TOPICS } from '@shop/contracts';
import { engine, eventually, tapKafka } from '@shop/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { GOOD_CARD, orderFor, pay, usePaymentService } from '../support.js';

const harness = usePaymentService({ consumer: false, housekeeping: false });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

afterAll(() => engine('start', 'kafka'));

describe('Kafka outage', () => {
  it('when Kafka is down during a payment, then the charge is stored and its event published once Kafka returns', async () => {
    const { customer, order } = await orderFor(harness);
    engine('stop', 'kafka');

    const response = await pay(harness, customer.token, {
      orderId: order.id,
      amount: order.totalAmount,
      currency: 'USD',
      paymentMethod: GOOD_CARD,
    });
    expect(response.json().status).toBe('SUCCEEDED');
    const pending = async () => {
      const [rows] = await harness.pool.query(
        'SELECT event_id FROM outbox WHERE msg_key = ? AND published_at IS NULL',
        [order.id],
      );
      return (rows as unknown[]).length;
    };
    expect(await pending()).toBe(1);

    engine('start', 'kafka');
    const tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.payment)], {
      fromBeginning: true,
    });
    try {
      const [event] = await tap.waitFor((message) => message.key === order.id, 1, 120_000);
      expect(event?.json).toMatchObject({
        type: 'PaymentSucceeded',
        data: { paymentId: response.json().id },
      });
      await eventually(async () => (await pending()) === 0, {
        timeoutMs: 30_000,
        what: 'the outbox row to be marked published',
      });
    } finally {
      await tap.close();
    }
  });
});
