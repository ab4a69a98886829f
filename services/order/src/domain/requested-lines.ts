import type { RequestedLine } from '@shop/contracts';
import { UnprocessableError } from '@shop/platform/errors';
import type { Inventory } from './ports.js';

/** A line as the rest of the order's rules take it: its item by id. */
export interface ItemLine {
  itemId: string;
  quantity: number;
}

const isUpcLine = (line: RequestedLine): line is { upc: string; quantity: number } => 'upc' in line;

/** The UPCs item-service does not know: 422 naming each (in `upcs` too, for a client). */
export const unknownUpcs = (upcs: string[]) =>
  new UnprocessableError(
    'unknown-upc',
    `No item has UPC ${upcs.join(', ')}; nothing was ordered or held`,
    { extensions: { upcs } },
  );

/**
 * Lines by id or by UPC → lines by id, in the order given. The UPCs are looked up at
 * item-service in one call; an unknown one is a 422 naming it, and the same item named twice
 * (by its id and its UPC) a 422 too, since a line per item is the order's rule.
 */
export const resolveLines = async (
  inventory: Pick<Inventory, 'itemsByUpc'>,
  requested: readonly RequestedLine[],
): Promise<ItemLine[]> => {
  const upcs = requested.filter(isUpcLine).map((line) => line.upc);
  const ids = new Map<string, string>();
  if (upcs.length > 0) {
    for (const item of await inventory.itemsByUpc(upcs)) ids.set(item.upc, item.id);
    const unknown = upcs.filter((upc) => !ids.has(upc));
    if (unknown.length > 0) throw unknownUpcs(unknown);
  }
  const lines = requested.map((line) => ({
    itemId: isUpcLine(line) ? (ids.get(line.upc) as string) : line.itemId,
    quantity: line.quantity,
  }));
  const repeated = lines.find(
    (line, index) => lines.findIndex((other) => other.itemId === line.itemId) !== index,
  );
  if (repeated)
    throw new UnprocessableError(
      'duplicate-item',
      `Item ${repeated.itemId} is named twice (by id and by UPC); give it one line`,
      { extensions: { itemId: repeated.itemId } },
    );
  return lines;
};
