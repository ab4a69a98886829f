import { age, type Limits, olderThan, type Report, sum } from './report.js';
import type { Hold, Item, Snapshot } from './snapshot.js';

/** States a hold only passes through: one that stays there was interrupted and not finished. */
const PASSING = ['PENDING', 'REHOLDING', 'COMMITTING', 'RELEASING', 'RESTOCKING'];

const linesOf = (holds: Hold[], itemId: string) =>
  sum(
    holds.flatMap((hold) =>
      hold.lines.filter((line) => line.itemId === itemId).map((line) => line.quantity),
    ),
  );

interface HoldsByState {
  held: Hold[];
  committed: Hold[];
  restocked: Hold[];
}

/** 1: within bounds, and reserved = HELD holds = its reservation entries. */
const checkReserved = (item: Item, holds: HoldsByState, report: Report) => {
  const { onHand, reserved, available } = item.inventory;
  const ids = { itemId: item.id };
  if (reserved < 0 || reserved > onHand || available !== onHand - reserved) {
    report(
      1,
      `inventory out of bounds: onHand ${onHand}, reserved ${reserved}, available ${available}`,
      ids,
    );
  }
  const heldLines = linesOf(holds.held, item.id);
  if (reserved !== heldLines) report(1, `reserved ${reserved} ≠ HELD holds ${heldLines}`, ids);
  const entries = sum(item.reservations);
  if (reserved !== entries) report(1, `reserved ${reserved} ≠ reservation entries ${entries}`, ids);
};

/** 2: onHand explained by its ledger, and the ledger by the holds. */
const checkLedger = (item: Item, holds: HoldsByState, report: Report) => {
  if (!item.ledger) return;
  const ids = { itemId: item.id };
  const { onHand } = item.inventory;
  const { initial, adjusted, committed: sold, restocked: back } = item.ledger;
  if (onHand !== initial + adjusted - sold + back) {
    report(
      2,
      `onHand ${onHand} ≠ initial ${initial} + adjusted ${adjusted} − committed ${sold} + restocked ${back}`,
      ids,
    );
  }
  const soldLines = linesOf(holds.committed, item.id);
  const backLines = linesOf(holds.restocked, item.id);
  if (sold !== soldLines) report(2, `committed ${sold} ≠ committed holds ${soldLines}`, ids);
  if (back !== backLines) report(2, `restocked ${back} ≠ restocked holds ${backLines}`, ids);
};

/** 1, 2, and 7 for holds: stock bounds and ledger per item; no hold stuck in a passing state. */
export const checkStock = ({ items, holds }: Snapshot, limits: Limits, report: Report) => {
  const byState: HoldsByState = {
    held: holds.filter((hold) => hold.status === 'HELD'),
    committed: holds.filter((hold) =>
      ['COMMITTED', 'RESTOCKING', 'RESTOCKED'].includes(hold.status),
    ),
    restocked: holds.filter((hold) => hold.status === 'RESTOCKED'),
  };
  for (const item of items) {
    checkReserved(item, byState, report);
    checkLedger(item, byState, report);
  }
  for (const hold of holds) {
    if (!PASSING.includes(hold.status)) continue;
    if (!olderThan(hold.updatedAt, limits.inFlightGraceMs, limits.now)) continue;
    report(
      hold.status === 'COMMITTING' ? 7 : 1,
      `hold stuck in ${hold.status} ${age(hold.updatedAt, limits.now)}`,
      {
        orderId: hold.orderId,
      },
    );
  }
};
