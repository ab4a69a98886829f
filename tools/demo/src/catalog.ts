/**
 * The demo category tree, parents before their children: every demo item's category is here
 * (an item must name an existing category). Electronics has no items of its own: its count in
 * the storefront is its subtree's.
 */
export const DEMO_CATEGORIES = [
  { slug: 'home', name: 'Home & living' },
  { slug: 'kitchen', name: 'Kitchen', parent: 'home' },
  { slug: 'stationery', name: 'Stationery', parent: 'home' },
  { slug: 'electronics', name: 'Electronics' },
  { slug: 'audio', name: 'Audio', parent: 'electronics' },
  { slug: 'wearables', name: 'Wearables', parent: 'electronics' },
  { slug: 'outdoor', name: 'Outdoor' },
  { slug: 'apparel', name: 'Apparel' },
] as const;

/** The demo catalog; fixed UPCs make `make seed` find what it created before. */
export const DEMO_ITEMS = [
  {
    upc: '810420000012',
    name: 'Aurora Desk Lamp',
    category: 'home',
    unitPrice: 3_499,
    picture: 'aurora-desk-lamp',
    stock: 25,
    description: 'Warm dimmable LED lamp with a brushed aluminium arm.',
  },
  {
    upc: '810420000029',
    name: 'Nimbus Wireless Headphones',
    category: 'audio',
    unitPrice: 12_999,
    picture: 'nimbus-headphones',
    stock: 15,
    description: 'Over-ear, noise cancelling, 30 hours of battery.',
  },
  {
    upc: '810420000036',
    name: 'Trail 28L Backpack',
    category: 'outdoor',
    unitPrice: 7_999,
    picture: 'trail-backpack',
    stock: 20,
    description: 'Water-resistant daypack with a padded laptop sleeve.',
  },
  {
    upc: '810420000043',
    name: 'Ember Ceramic Mug',
    category: 'kitchen',
    unitPrice: 1_599,
    picture: 'ember-mug',
    stock: 60,
    description: 'Stoneware mug, 350 ml, dishwasher safe.',
  },
  {
    upc: '810420000050',
    name: 'Pulse Bluetooth Speaker',
    category: 'audio',
    unitPrice: 5_999,
    picture: 'pulse-speaker',
    stock: 18,
    description: 'Pocket speaker with deep bass and an IP67 rating.',
  },
  {
    upc: '810420000067',
    name: 'Drift Running Sneakers',
    category: 'apparel',
    unitPrice: 8_999,
    picture: 'drift-sneakers',
    stock: 12,
    description: 'Light, cushioned road runners with recycled uppers.',
  },
  {
    upc: '810420000074',
    name: 'Orbit Smart Watch',
    category: 'wearables',
    unitPrice: 19_999,
    picture: 'orbit-watch',
    stock: 8,
    description: 'Heart rate, GPS and a week of battery on your wrist.',
  },
  {
    upc: '810420000081',
    name: 'Canvas Notebook Set',
    category: 'stationery',
    unitPrice: 1_299,
    picture: 'canvas-notebook',
    stock: 40,
    description: 'Three dotted A5 notebooks with lay-flat binding.',
  },
] as const;

/** The customer the demo and the storefront screenshots use; the card is the simulator's good one. */
export const DEMO_CUSTOMER = {
  name: 'Dana Demo',
  card: { cardNumber: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, holderName: 'Dana Demo' },
  shippingAddress: {
    line1: '1 Market Street',
    city: 'San Francisco',
    state: 'CA',
    postalCode: '94105',
    country: 'US',
  },
} as const;
