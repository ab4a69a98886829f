/**
 * The methods each registered path answers, so a request for a path the service has with a
 * method it does not gets 405 and `Allow` (RFC 9110 §15.5.6), not a 404 saying the path does not
 * exist. Fastify routes by method first, so its not-found handler asks this table.
 */
export interface RouteMethods {
  add(method: string | string[], url: string): void;
  /** The methods `path` (no query) answers, sorted; empty when no route matches it. */
  allowed(path: string): string[];
  /** Whether `path` is registered as it is (`/items/by-upc`), not only matched by a pattern. */
  isExact(path: string): boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/api/v1/orders/:id/cancel` → a regular expression of the concrete paths it matches. */
const patternOf = (url: string) =>
  new RegExp(
    `^${url
      .split('/')
      .map((segment) => {
        if (segment === '*') return '.*';
        if (segment.startsWith(':')) return '[^/]+';
        return escapeRegExp(segment);
      })
      .join('/')}$`,
  );

/** A catch-all (the gateway's storefront pages) says nothing about which paths exist. */
const isCatchAll = (url: string) => url === '/*' || url === '*';

export const routeMethods = (): RouteMethods => {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  return {
    add: (method, url) => {
      if (isCatchAll(url)) return;
      let route = routes.get(url);
      if (!route) {
        route = { pattern: patternOf(url), methods: new Set() };
        routes.set(url, route);
      }
      for (const one of Array.isArray(method) ? method : [method]) {
        route.methods.add(one.toUpperCase());
        if (one.toUpperCase() === 'GET') route.methods.add('HEAD');
      }
    },
    isExact: (path) => routes.has(path) && !/[:*]/.test(path),
    allowed: (path) => {
      // A path registered as it is (`/accounts/me`) is its own resource, whatever a pattern
      // beside it (`/accounts/:id`) would also match: its methods are the ones documented.
      const exact = routes.get(path);
      if (exact && !/[:*]/.test(path)) return [...exact.methods].sort();
      const methods = new Set<string>();
      for (const { pattern, methods: of } of routes.values())
        if (pattern.test(path)) for (const method of of) methods.add(method);
      return [...methods].sort();
    },
  };
};
