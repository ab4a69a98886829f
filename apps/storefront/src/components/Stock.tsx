import { Badge } from './Badge';

/** Below this many units the shopper is told how few are left. */
const LOW_STOCK = 5;

/** "In stock", "Only 3 left" or "Out of stock", from inventory.available. */
export const Stock = ({ available }: { available: number }) => {
  if (available <= 0) return <Badge tone="danger">Out of stock</Badge>;
  if (available <= LOW_STOCK) return <Badge tone="warning">Only {available} left</Badge>;
  return <Badge tone="success">In stock</Badge>;
};
