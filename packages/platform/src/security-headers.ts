import helmet from '@fastify/helmet';
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

/**
 * Security headers on every answer, errors included: CSP, X-Frame-Options DENY,
 * X-Content-Type-Options nosniff, Referrer-Policy no-referrer, and HSTS when behind TLS.
 */
export const securityHeaders = async (app: FastifyInstance, { hsts }: SecurityHeadersOptions) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The storefront loads nothing cross-origin; COEP would only get in the way of /docs.
    crossOriginEmbedderPolicy: false,
  });
};
