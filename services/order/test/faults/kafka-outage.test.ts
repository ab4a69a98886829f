import { TOPICS } from '@shop/contracts';
import { engine, eventually, tapKafka } from '@shop/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, createItem, placeOrder, useOrderService } from '../support.js';

const harness = useOrderService({ consumer: false, sweeper: false });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

afterAll(() => engine('start', 'kafka'));

describe('Kafka outage', () => {
  it('when Kafka is down while orders are placed, then they are accepted and their events published once it returns', async () => {
    const customer = harness.accounts.customer();
    const item = createItem(harness, 10);
    engine('stop', 'kafka');

    const responses = [];
    for (let index = 0; index < 3; index += 1)
      responses.push(await placeOrder(harness, customer.token, [{ itemId: item.id, quantity: 1 }]));
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    const ids = responses.map((response) => response.json().id as string);
    for (const id of ids) {
      const stored = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${id}`,
        headers: bearer(customer.token),
      });
      expect(stored.json().status).toBe('PENDING_PAYMENT');
    }
    const pending = await harness.cassandra.execute('SELECT order_id FROM outbox_pending');
    expect(pending.rows.map((row) => row.order_id.toString())).toEqual(expect.arrayContaining(ids));

    engine('start', 'kafka');
    const tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.order)], {
      fromBeginning: true,
    });
    try {
      const created = await tap.waitFor(
        (message) => ids.includes(message.key) && message.json?.type === 'OrderCreated',
        3,
        120_000,
      );
      expect(new Set(created.map((message) => message.key))).toEqual(new Set(ids));
      await eventually(
        async () =>
          (await harness.cassandra.execute('SELECT order_id FROM outbox_pending')).rows.length ===
          0,
        {
          timeoutMs: 30_000,
          what: 'the outbox to empty',
        },
      );
    } finally {
      await tap.close();
    }
  });
});
