import {
  CreateOrderBody,
  IdempotencyKey,
  Item,
  ItemListQuery,
  ItemPage,
  Order,
} from '@shop/contracts';
import {
  defineRoute,
  problem,
  randomUpc,
  type StubAnswer,
  type StubServer,
  startStub,
} from '@shop/testing';
import { pendingOrder } from './fixtures.js';

/** item-service's catalog as cart-service reads it: the live items among `ids`. */
export interface CatalogStub extends StubServer {
  items: ReadonlyMap<string, Item>;
  /** A new catalog item (defaults: a USD desk lamp, 10 in stock). */
  add(overrides?: {
    unitPrice?: number;
    initialStock?: number;
    currency?: string;
    name?: string;
  }): Item;
  /** Changes an item as an admin would (price, stock, ...). */
  update(id: string, change: Partial<Omit<Item, 'id'>>): void;
  /** The item leaves the catalog: listings no longer return it. */
  remove(id: string): void;
}

export const startCatalogStub = async (): Promise<CatalogStub> => {
  const items = new Map<string, Item>();
  const server = await startStub([
    {
      method: 'GET',
      path: '/api/v1/items',
      response: ItemPage,
      handle: ({ query }) => {
        // The query cart-service sends must be one item-service accepts.
        const parsed = ItemListQuery.safeParse(Object.fromEntries(query));
        if (!parsed.success) return problem(400, 'validation', String(parsed.error));
        const found = (parsed.data.ids ?? []).flatMap((id) => items.get(id) ?? []);
        return { status: 200, body: { items: found, nextCursor: null } };
      },
    },
  ]);
  return {
    ...server,
    items,
    add: ({ unitPrice = 3_500, initialStock = 10, currency = 'USD', name = 'Desk Lamp' } = {}) => {
      const now = new Date().toISOString();
      const item = Item.parse({
        id: crypto.randomUUID(),
        upc: randomUpc(),
        name,
        description: '',
        unitPrice,
        currency,
        pictures: ['https://img.example/lamp.jpg'],
        category: 'home',
        attributes: {},
        inventory: { onHand: initialStock, reserved: 0, available: initialStock },
        createdAt: now,
        updatedAt: now,
      });
      items.set(item.id, item);
      return item;
    },
    update: (id, change) => {
      const item = items.get(id);
      if (!item) throw new Error(`no item ${id} in the catalog stub`);
      items.set(id, Item.parse({ ...item, ...change, updatedAt: new Date().toISOString() }));
    },
    remove: (id) => {
      items.delete(id);
    },
  };
};

/** What cart-service sent to order-service: the customer's token, the key and the body. */
export interface PlacedOrderCall {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: CreateOrderBody;
}

/** order-service's `POST /api/v1/orders` as cart-service uses it. */
export interface OrderServiceStub extends StubServer {
  placed: PlacedOrderCall[];
  /** The answer to the next order placed (a refusal, a 5xx), instead of the order. */
  answerNext(answer: StubAnswer): void;
  /**
   * The next `calls` placements are answered only once all of them have arrived: each is still
   * in flight when the others are sent (two clicks at once, whatever the machine's speed).
   */
  holdUntil(calls: number): void;
}

/** The subject of a bearer token (the stub trusts the account stub's signature). */
const subjectOf = (authorization: string | undefined) => {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1];
  if (!payload) return null;
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub?: string };
  return sub ?? null;
};

/**
 * order-service placing orders: as the customer the token names, one order per customer and
 * Idempotency-Key (a second call with the key answers the first order, as order-service does),
 * priced from the catalog stub.
 */
export const startOrderServiceStub = async (
  catalog: ReadonlyMap<string, Item>,
): Promise<OrderServiceStub> => {
  const placed: PlacedOrderCall[] = [];
  const queued: StubAnswer[] = [];
  const byKey = new Map<string, Order>();
  let gate: { size: number; waiting: (() => void)[] } | null = null;
  const passGate = async () => {
    const current = gate;
    if (!current) return;
    await new Promise<void>((resolve) => {
      current.waiting.push(resolve);
      if (current.waiting.length < current.size) return;
      gate = null;
      for (const release of current.waiting) release();
    });
  };
  const place = (call: PlacedOrderCall): StubAnswer => {
    const userId = subjectOf(call.authorization);
    if (!userId) return problem(401, 'unauthorized', 'No bearer token');
    if (!IdempotencyKey.safeParse(call.idempotencyKey).success)
      return problem(400, 'validation', 'Idempotency-Key breaks the contract');
    const next = queued.shift();
    if (next) return next;
    const key = `${userId}:${call.idempotencyKey}`;
    const order = byKey.get(key) ?? pendingOrder(userId, call.body, catalog);
    byKey.set(key, order);
    return { status: 201, body: order };
  };
  const server = await startStub([
    defineRoute<CreateOrderBody>({
      method: 'POST',
      path: '/api/v1/orders',
      request: CreateOrderBody,
      response: Order,
      handle: async ({ body, headers }) => {
        const call = {
          authorization: headers.authorization,
          idempotencyKey: headers['idempotency-key'] as string | undefined,
          body,
        };
        placed.push(call);
        await passGate();
        return place(call);
      },
    }),
  ]);
  return {
    ...server,
    placed,
    answerNext: (answer) => queued.push(answer),
    holdUntil: (calls) => {
      gate = { size: calls, waiting: [] };
    },
  };
};
