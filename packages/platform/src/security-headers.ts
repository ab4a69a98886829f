import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every answer: the storefront (a Vite build served by the
 * gateway) and the Swagger UI at /docs load scripts, styles, images and fonts from their own
 * origin and call the API on it. Inline styles are allowed (Swagger UI sets some); inline and
 * foreign scripts are not. No one may frame a page (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export interface SecurityHeadersOptions {
  /** Strict-Transport-Security: only when clients reach this app over TLS (a TLS proxy). */
  hsts: boolean;
}

const dashed = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** `defaultSrc: ["'self'"]` → `default-src 'self'`, directives joined by `;` (helmet's form). */
export const cspHeaderValue = (policy: Record<string, readonly string[]>) =>
  Object.entries(policy)
    .map(([name, sources]) => `${dashed(name)} ${sources.join(' ')}`)
    .join(';');

/**
 * The headers helmet sent with the options this platform gave it (CSP above, frameguard DENY,
 * no-referrer, no COEP), plus HSTS behind TLS. They are the same for every answer, so they are
 * written out once here: helmet rebuilt the whole set, CSP string included, on every request.
 */
export const securityHeaderSet = ({ hsts }: SecurityHeadersOptions): Record<string, string> => ({
  'content-security-policy': cspHeaderValue(CONTENT_SECURITY_POLICY),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  ...(hsts ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/**
 * Security headers on every answer, errors included (set in onRequest, before anything can
 * fail): CSP, X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy no-referrer,
 * and HSTS when behind TLS. Not wrapped in a plugin: the hook covers the whole app.
 */
export const securityHeaders = async (app: FastifyInstance, options: SecurityHeadersOptions) => {
  const headers = securityHeaderSet(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
};
