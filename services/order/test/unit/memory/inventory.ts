import type { HoldLine, HoldStatus, ShortLine } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import type { CatalogItem, HoldOutcome, Inventory } from '../../../src/domain/ports.js';

interface FakeHold {
  status: HoldStatus;
  lines: HoldLine[];
  ttlSeconds?: number;
}

const key = (lines: HoldLine[]) =>
  JSON.stringify([...lines].sort((a, b) => a.itemId.localeCompare(b.itemId)));

/**
 * item-service as the Inventory port sees it (services/item/src/domain/holds.ts): a catalog, and
 * holds that reserve stock all or nothing. The same lines are answered whatever the hold's state;
 * other lines for a hold no longer HELD are refused (`hold-not-held`); a short line is an outcome.
 */
export class FakeInventory implements Inventory {
  readonly items = new Map<string, CatalogItem & { stock: number }>();
  readonly holds = new Map<string, FakeHold>();
  readonly calls: string[] = [];
  private readonly beforeNextChange: (() => Promise<void>)[] = [];

  addItem({ stock = 10, unitPrice = 1_000, currency = 'USD', upc = '036000291452' } = {}) {
    const id = crypto.randomUUID();
    this.items.set(id, {
      id,
      upc,
      name: `Item ${id.slice(0, 4)}`,
      unitPrice,
      currency,
      stock,
    });
    return id;
  }

  /** Runs `act` when the next hold change arrives, before it is answered (a concurrent request). */
  duringNextChange(act: () => Promise<void>) {
    this.beforeNextChange.push(act);
  }

  reserved(itemId: string, except?: string) {
    return [...this.holds]
      .filter(([orderId, hold]) => hold.status === 'HELD' && orderId !== except)
      .flatMap(([, hold]) => hold.lines)
      .filter((line) => line.itemId === itemId)
      .reduce((sum, line) => sum + line.quantity, 0);
  }

  private short(orderId: string, lines: HoldLine[]): ShortLine[] {
    return lines
      .map((line) => ({
        itemId: line.itemId,
        requested: line.quantity,
        available: (this.items.get(line.itemId)?.stock ?? 0) - this.reserved(line.itemId, orderId),
      }))
      .filter((line) => line.available < line.requested);
  }

  async item(itemId: string) {
    this.calls.push(`item ${itemId}`);
    const found = this.items.get(itemId);
    if (!found) return null;
    const { stock: _stock, ...item } = found;
    return item;
  }

  async itemsByUpc(upcs: string[]) {
    this.calls.push(`by-upc ${upcs.join(',')}`);
    return [...this.items.values()]
      .filter((item) => upcs.includes(item.upc))
      .map(({ stock: _stock, ...item }) => item);
  }

  async placeHold(orderId: string, lines: HoldLine[], ttlSeconds: number): Promise<HoldOutcome> {
    this.calls.push(`place ${orderId}`);
    const existing = this.holds.get(orderId);
    if (existing) {
      if (key(existing.lines) !== key(lines))
        throw new ConflictError('hold-exists', `Order ${orderId} already holds other lines`);
      return { ok: true };
    }
    const short = this.short(orderId, lines);
    if (short.length > 0) return { ok: false, shortLines: short };
    this.holds.set(orderId, { status: 'HELD', lines, ttlSeconds });
    return { ok: true };
  }

  async changeHold(orderId: string, lines: HoldLine[]): Promise<HoldOutcome> {
    this.calls.push(`change ${orderId}`);
    await this.beforeNextChange.shift()?.();
    const hold = this.holds.get(orderId);
    if (!hold) throw new ConflictError('not-found', `No hold for order ${orderId}`);
    if (key(hold.lines) === key(lines)) return { ok: true };
    if (hold.status !== 'HELD')
      throw new ConflictError('hold-not-held', `The hold of order ${orderId} is ${hold.status}`);
    const short = this.short(orderId, lines);
    if (short.length > 0) return { ok: false, shortLines: short };
    hold.lines = lines;
    return { ok: true };
  }

  async releaseHold(orderId: string) {
    this.calls.push(`release ${orderId}`);
    const hold = this.holds.get(orderId);
    if (hold?.status === 'HELD') hold.status = 'RELEASED';
  }
}
