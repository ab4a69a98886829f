import {
  Hold,
  type HoldLine,
  type HoldStatus,
  Item,
  PlaceHoldBody,
  ShortLine,
  UpcLookup,
  UpcLookupQuery,
  UpdateHoldBody,
} from '@shop/contracts';
import {
  defineRoute,
  problem,
  randomUpc,
  type StubAnswer,
  type StubRequest,
  type StubServer,
  startStub,
} from '@shop/testing';

/**
 * item-service as order-service sees it: the catalog (`GET /api/v1/items/:id`) and stock holds
 * (`/api/v1/inventory/holds`), every body parsed by the contracts. Its state is the test's to
 * set: items with stock, and holds whose status the test moves as item-service's consumer would
 * (nothing here consumes Kafka). Answers follow services/item/src/domain/holds.ts: all or nothing,
 * 409 with `shortLines` when stock is short, 409 `hold-not-held` for a hold no longer HELD.
 */
export interface ItemStub extends StubServer {
  /** A catalog item with `stock` on hand. */
  addItem(options?: { stock?: number; unitPrice?: number; currency?: string }): Item;
  /** The hold of an order as the stub keeps it (undefined if none). */
  hold(orderId: string): Hold | undefined;
  /** Moves a hold as item-service would on its own (committed, expired, other lines...). */
  setHold(orderId: string, change: { status?: HoldStatus; lines?: HoldLine[] }): void;
  /** onHand, reserved (by HELD holds) and available, as item-service reports them. */
  availability(itemId: string): { onHand: number; reserved: number; available: number };
}

interface StockedItem {
  item: Omit<Item, 'inventory'>;
  onHand: number;
}

const sortLines = (lines: HoldLine[]) =>
  [...lines].sort((a, b) => a.itemId.localeCompare(b.itemId));
const sameLines = (a: HoldLine[], b: HoldLine[]) =>
  JSON.stringify(sortLines(a)) === JSON.stringify(sortLines(b));

/**
 * Only order-service's SERVICE token may use holds (item-service's holds routes declare
 * `allow({ services: ['order-service'] })`); the JWT is the account stub's.
 */
const isOrderService = (request: StubRequest) => {
  const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    const { role, sub } = claims as { role?: string; sub?: string };
    return role === 'SERVICE' && sub === 'order-service';
  } catch {
    return false;
  }
};

export const startItemStub = async (): Promise<ItemStub> => {
  const items = new Map<string, StockedItem>();
  const holds = new Map<string, Hold>();

  const reservedOf = (itemId: string, except?: string) =>
    [...holds.values()]
      .filter((hold) => hold.status === 'HELD' && hold.orderId !== except)
      .flatMap((hold) => hold.lines)
      .filter((line) => line.itemId === itemId)
      .reduce((sum, line) => sum + line.quantity, 0);
  const availability = (itemId: string) => {
    const onHand = items.get(itemId)?.onHand ?? 0;
    const reserved = reservedOf(itemId);
    return { onHand, reserved, available: onHand - reserved };
  };
  /** The lines that cannot be held for `orderId` (its own HELD lines do not count against it). */
  const shortOf = (orderId: string, lines: HoldLine[]) =>
    lines
      .map((line) => {
        const onHand = items.get(line.itemId)?.onHand ?? 0;
        const available = onHand - reservedOf(line.itemId, orderId);
        return ShortLine.parse({ itemId: line.itemId, requested: line.quantity, available });
      })
      .filter((line) => line.available < line.requested);
  const shortAnswer = (short: ShortLine[]) =>
    problem(409, 'insufficient-stock', 'Not enough stock for some lines', { shortLines: short });
  const notHeld = (hold: Hold) =>
    problem(409, 'hold-not-held', `The hold of order ${hold.orderId} is ${hold.status}, not HELD`);
  const noHold = (orderId: string) => problem(404, 'not-found', `No hold for order ${orderId}`);
  const save = (hold: Hold, change: Partial<Hold>) => {
    const saved = { ...hold, ...change, updatedAt: new Date().toISOString() };
    holds.set(hold.orderId, saved);
    return saved;
  };

  const placeHold = ({ orderId, lines, ttlSeconds }: PlaceHoldBody): StubAnswer => {
    const existing = holds.get(orderId);
    if (existing)
      return sameLines(existing.lines, lines)
        ? { status: 201, body: existing }
        : problem(409, 'hold-exists', `Order ${orderId} already holds other lines`);
    const short = shortOf(orderId, lines);
    if (short.length > 0) return shortAnswer(short);
    const now = new Date();
    const hold: Hold = {
      orderId,
      status: 'HELD',
      lines: sortLines(lines),
      expiresAt: new Date(now.getTime() + (ttlSeconds ?? 1_200) * 1000).toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    holds.set(orderId, hold);
    return { status: 201, body: hold };
  };

  const changeHold = (orderId: string, lines: HoldLine[]): StubAnswer => {
    const hold = holds.get(orderId);
    if (!hold) return noHold(orderId);
    // The lines it has are answered whatever the state, as item-service does.
    if (sameLines(hold.lines, lines)) return { status: 200, body: hold };
    if (hold.status !== 'HELD') return notHeld(hold);
    const short = shortOf(orderId, lines);
    if (short.length > 0) return shortAnswer(short);
    return { status: 200, body: save(hold, { lines: sortLines(lines) }) };
  };

  const releaseHold = (orderId: string): StubAnswer => {
    const hold = holds.get(orderId);
    if (!hold) return noHold(orderId);
    if (hold.status === 'RELEASED' || hold.status === 'EXPIRED') return { status: 200, body: hold };
    if (hold.status !== 'HELD') return notHeld(hold);
    return { status: 200, body: save(hold, { status: 'RELEASED' }) };
  };

  const asService =
    <Body>(handle: (request: StubRequest<Body>) => StubAnswer) =>
    (request: StubRequest<Body>) =>
      isOrderService(request)
        ? handle(request)
        : problem(403, 'forbidden', 'Holds are for order-service only');

  const server = await startStub([
    // Before `/api/v1/items/:id`, as item-service's router prefers the fixed segment.
    defineRoute({
      method: 'GET',
      path: '/api/v1/items/by-upc',
      response: UpcLookup,
      handle: ({ query }) => {
        const parsed = UpcLookupQuery.safeParse({ upcs: query.get('upcs') ?? '' });
        if (!parsed.success) return problem(400, 'validation', 'upcs breaks the contract');
        const { upcs } = parsed.data;
        const found = [...items.values()].filter((stocked) => upcs.includes(stocked.item.upc));
        return {
          status: 200,
          body: {
            items: found.map((stocked) => ({
              ...stocked.item,
              inventory: availability(stocked.item.id),
            })),
            unknown: upcs.filter((upc) => !found.some((stocked) => stocked.item.upc === upc)),
          },
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/items/:id',
      response: Item,
      handle: ({ params }) => {
        const stocked = items.get(params.id ?? '');
        if (!stocked) return problem(404, 'not-found', `No item ${params.id}`);
        return { status: 200, body: { ...stocked.item, inventory: availability(stocked.item.id) } };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/inventory/holds',
      request: PlaceHoldBody,
      response: Hold,
      handle: asService<PlaceHoldBody>(({ body }) => placeHold(body)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/inventory/holds/:orderId',
      response: Hold,
      handle: asService(({ params }) => {
        const hold = holds.get(params.orderId ?? '');
        return hold ? { status: 200, body: hold } : noHold(params.orderId ?? '');
      }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/api/v1/inventory/holds/:orderId',
      request: UpdateHoldBody,
      response: Hold,
      handle: asService<{ lines: HoldLine[] }>(({ params, body }) =>
        changeHold(params.orderId ?? '', body.lines),
      ),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/inventory/holds/:orderId',
      response: Hold,
      handle: asService(({ params }) => releaseHold(params.orderId ?? '')),
    }),
  ]);

  return {
    ...server,
    addItem: ({ stock = 10, unitPrice = 2_500, currency = 'USD' } = {}) => {
      const now = new Date().toISOString();
      const item = {
        id: crypto.randomUUID(),
        upc: randomUpc(),
        name: 'Test Item',
        description: '',
        unitPrice,
        currency,
        pictures: [],
        category: 'test',
        attributes: {},
        createdAt: now,
        updatedAt: now,
      };
      items.set(item.id, { item, onHand: stock });
      return Item.parse({ ...item, inventory: availability(item.id) });
    },
    hold: (orderId) => holds.get(orderId),
    setHold: (orderId, change) => {
      const hold = holds.get(orderId);
      if (!hold) throw new Error(`the stub holds nothing for order ${orderId}`);
      save(hold, { ...change, ...(change.lines ? { lines: sortLines(change.lines) } : {}) });
    },
    availability,
  };
};
