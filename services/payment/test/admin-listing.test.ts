import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { bearer, DECLINED_CARD, GOOD_CARD, orderFor, pay, usePaymentService } from './support.js';

// Its own scratch database: "every payment" here is exactly the payments this file makes.
const harness = usePaymentService({ consumer: false, housekeeping: false });

type Listed = { id: string; createdAt: string; userId: string; status: string };
type Page = { payments: Listed[]; nextCursor: string | null };

const list = async (token: string, query: string) =>
  await harness.app.inject({
    method: 'GET',
    url: `/api/v1/payments?${query}`,
    headers: bearer(token),
  });

/** Every page, following nextCursor: the ids in the order they came. */
const allPages = async (query: string) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const response = await list(harness.adminToken, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page;
    ids.push(...page.payments.map((payment) => payment.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('the listing never ended');
};

/** A customer's order paid with `card`: the payment as the API answered. */
const paidBy = async (card: object, who?: Awaited<ReturnType<typeof orderFor>>['customer']) => {
  const fresh = who ? null : await orderFor(harness);
  const payer = who ?? (fresh?.customer as NonNullable<typeof who>);
  const order = fresh?.order ?? harness.orderService.book.place({ userId: payer.id });
  const body = { orderId: order.id, amount: order.totalAmount, currency: order.currency };
  const response = await pay(harness, payer.token, { ...body, paymentMethod: card });
  expect(response.statusCode, response.body).toBe(201);
  return { payment: response.json() as Listed, customer: payer, orderId: order.id };
};

const newestFirst = (payments: Listed[]) =>
  [...payments]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    .map((payment) => payment.id);

describe('an ADMIN lists every payment', () => {
  it('when two customers paid, then every payment newest first across pages, and the filters narrow it', async () => {
    const alice1 = await paidBy(GOOD_CARD);
    const alice2 = await paidBy(GOOD_CARD, alice1.customer);
    const bob1 = await paidBy(GOOD_CARD);
    const bobDeclined = await paidBy(DECLINED_CARD, bob1.customer);
    const all = [alice1, alice2, bob1, bobDeclined].map(({ payment }) => payment);

    const everything = await allPages('limit=3');
    const failed = await allPages('status=FAILED');
    const alices = await allPages(`userId=${alice1.customer.id}&limit=1`);
    const ofOrder = await allPages(`orderId=${bob1.orderId}`);
    const bobsSucceeded = await allPages(`userId=${bob1.customer.id}&status=SUCCEEDED`);

    expect(everything).toEqual(newestFirst(all));
    expect(failed).toEqual([bobDeclined.payment.id]);
    expect(alices).toEqual(newestFirst([alice1.payment, alice2.payment]));
    expect(ofOrder).toEqual([bob1.payment.id]);
    expect(bobsSucceeded).toEqual([bob1.payment.id]);
  });

  it('when the listing filters by customer or status, then an index leads with that column', async () => {
    const plan = async (where: string) => {
      const [rows] = await harness.pool.query<RowDataPacket[]>(
        `EXPLAIN SELECT * FROM payments WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT 21`,
        ['00000000-0000-4000-8000-000000000000'],
      );
      return String(rows[0]?.possible_keys ?? '');
    };
    expect(await plan('user_id = ?')).toContain('ix_payments_user_created');
    expect(await plan('status = ?')).toContain('ix_payments_status_created');
  });

  it('when a filter is malformed, then 400; a cursor the listing never returned, then 422', async () => {
    for (const query of ['status=LOST', 'userId=1', 'limit=101']) {
      expect((await list(harness.adminToken, query)).statusCode, query).toBe(400);
    }
    const bad = Buffer.from('["not a date","x"]').toString('base64url');
    for (const query of [`cursor=${bad}`, 'cursor=zz']) {
      expect((await list(harness.adminToken, query)).statusCode, query).toBe(422);
    }
  });
});

describe('a customer keeps the payments of their own orders', () => {
  it('when a customer lists without an order or names someone else, then 400 or 403 and nothing of theirs', async () => {
    const mine = await paidBy(GOOD_CARD);
    const theirs = await paidBy(GOOD_CARD);
    const token = mine.customer.token;

    const own = await list(token, `orderId=${mine.orderId}`);
    const noOrder = await list(token, 'limit=10');
    const someoneElse = await list(token, `userId=${theirs.customer.id}&orderId=${theirs.orderId}`);
    const theirOrder = await list(token, `orderId=${theirs.orderId}`);

    expect(own.json()).toEqual({
      payments: [expect.objectContaining({ id: mine.payment.id })],
      nextCursor: null,
    });
    expect(noOrder.statusCode).toBe(400);
    expect(someoneElse.statusCode).toBe(403);
    expect(theirOrder.json().payments).toEqual([]);
  });
});
