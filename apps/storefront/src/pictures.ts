/**
 * The demo catalog points at pictures this app serves itself (`/images/products/…`). Items
 * must store absolute http(s) URLs, so a seed may have written whatever host it ran against;
 * keeping only the path makes those pictures load from wherever the storefront is served.
 */
export const pictureSrc = (
  url: string | null | undefined,
  origin = globalThis.location?.origin ?? 'http://localhost',
): string | null => {
  if (!url) return null;
  try {
    const parsed = new URL(url, origin);
    if (parsed.pathname.startsWith('/images/')) return parsed.pathname;
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
};

/** The pictures shipped in public/images/products, for the admin form's picker. */
export const DEMO_PICTURES = [
  'aurora-desk-lamp',
  'nimbus-headphones',
  'trail-backpack',
  'ember-mug',
  'pulse-speaker',
  'drift-sneakers',
  'orbit-watch',
  'canvas-notebook',
] as const;
