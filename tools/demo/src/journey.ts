import type { Cart, Order } from '@shop/contracts';
import { type Call, expectStatus, signIn } from './api.js';
import type { DemoConfig } from './config.js';

type Log = (line: string) => void;
interface TimelineEvent {
  eventId: string;
  type: string;
  source: string;
  occurredAt: string;
}

const DECLINED_CARD = {
  cardNumber: '4000 0000 0000 0002',
  expMonth: 12,
  expYear: 2030,
  holderName: 'Dana Demo',
};
/** Whole cents to dollars without float arithmetic. */
const money = (cents: number) =>
  `$${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Prints the order's new events (from every service) once every type in `until` has appeared. */
const eventsPrinter = (call: Call, token: string, log: Log) => {
  const seen = new Set<string>();
  return async (orderId: string, until: string[]) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { events } = expectStatus(
        await call<{ events: TimelineEvent[] }>('GET', `/api/v1/orders/${orderId}/timeline`, {
          token,
        }),
        200,
        'read the timeline',
      );
      const fresh = events.filter((event) => !seen.has(event.eventId));
      if (until.every((type) => fresh.some((event) => event.type === type))) {
        for (const event of fresh) {
          seen.add(event.eventId);
          log(`    event  ${event.type.padEnd(22)} from ${event.source}`);
        }
        return;
      }
      if (Date.now() > deadline) throw new Error(`${until.join(', ')} did not happen within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
};

/** Polls `probe` until it returns something truthy, for at most 30 s. */
const waitFor = async <T>(probe: () => Promise<T | false>, what: string): Promise<T> => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const pay = async (call: Call, token: string, order: Order, paymentMethod?: object) =>
  expectStatus(
    await call<{ status: string; failureReason: string | null }>('POST', '/api/v1/payments', {
      token,
      headers: { 'idempotency-key': `demo-${crypto.randomUUID()}` },
      body: {
        orderId: order.id,
        amount: order.totalAmount,
        currency: order.currency,
        ...(paymentMethod ? { paymentMethod } : {}),
      },
    }),
    201,
    'pay',
  );

/**
 * `make demo`: the demo customer buys through the gateway (cart, checkout, a declined card, the
 * saved card), then cancels, printing each step and the saga events it caused.
 */
export const runDemoJourney = async (call: Call, config: DemoConfig, log: Log) => {
  const token = await signIn(call, config.customer.email, config.customer.password);
  log(`1. signed in as ${config.customer.email}`);
  const printEvents = eventsPrinter(call, token, log);

  const { items } = expectStatus(
    await call<{ items: { id: string; name: string; unitPrice: number }[] }>(
      'GET',
      '/api/v1/items?q=pulse+speaker',
    ),
    200,
    'search the catalog',
  );
  const speaker = items[0];
  if (!speaker) throw new Error('the demo catalog is missing: run make seed');
  expectStatus(await call('DELETE', '/api/v1/cart', { token }), 204, 'empty the cart');
  const cart = expectStatus(
    await call<Cart>('POST', '/api/v1/cart/items', {
      token,
      body: { itemId: speaker.id, quantity: 1 },
    }),
    200,
    'add to the cart',
  );
  log(`2. cart: 1 × ${speaker.name}, subtotal ${money(cart.subtotal)}`);

  const order = expectStatus(
    await call<Order>('POST', '/api/v1/cart/checkout', { token }),
    201,
    'check out',
  );
  log(`3. checkout: order ${order.id} ${order.status}, stock held`);
  await printEvents(order.id, ['OrderCreated']);

  const declined = await pay(call, token, order, DECLINED_CARD);
  log(`4. pay with card …0002: ${declined.status} (${declined.failureReason})`);
  await printEvents(order.id, ['PaymentFailed']);

  const paid = await pay(call, token, order);
  log(`5. pay with the saved card: ${paid.status}`);
  await printEvents(order.id, [
    'PaymentSucceeded',
    'OrderPaid',
    'InventoryCommitted',
    'OrderCompleted',
  ]);
  await waitFor(async () => {
    const left = expectStatus(
      await call<Cart>('GET', '/api/v1/cart', { token }),
      200,
      'read the cart',
    );
    return left.itemCount === 0;
  }, 'the cart to empty');
  log('6. order COMPLETED, and cart-service emptied the cart');

  expectStatus(
    await call('POST', `/api/v1/orders/${order.id}/cancel`, {
      token,
      body: { reason: 'demo: changed my mind' },
    }),
    200,
    'cancel',
  );
  log('7. cancel the completed order');
  await printEvents(order.id, ['OrderCancelled', 'PaymentRefunded', 'InventoryReleased']);
  const final = expectStatus(
    await call<Order>('GET', `/api/v1/orders/${order.id}`, { token }),
    200,
    'read the order',
  );
  log(`8. order ${final.status}, payment ${final.paymentStatus}, stock restocked`);
  const emails = await waitFor(async () => {
    const { notifications } = expectStatus(
      await call<{ notifications: { orderId: string; subject: string; status: string }[] }>(
        'GET',
        '/api/v1/notifications?limit=20',
        { token },
      ),
      200,
      'read the notifications',
    );
    const mine = notifications.filter((email) => email.orderId === order.id);
    return mine.length >= 5 && mine.every((email) => email.status === 'SENT') && mine;
  }, 'the emails to go out');
  log(
    '9. emails sent (newest first; without SMTP_URL they are .eml files in NOTIFICATION_MAIL_DIR):',
  );
  for (const email of emails) log(`    email  ${email.subject}`);
};
