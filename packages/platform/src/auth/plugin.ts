import fastifyJwt, { type TokenOrHeader } from '@fastify/jwt';
import { AccessTokenClaims } from '@shop/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Caller } from '../caller.js';
import { UnauthorizedError } from '../errors.js';
import type { BaseUrls } from '../upstreams.js';
import { type KeyResolver, remoteJwks, TOKEN_ALGORITHM, type TokenHeader } from './keys.js';
import { revocationList, revocationSource } from './revocations.js';

export type { Caller };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `app.authenticate` (the route's access check); read it through `callerOf(request)`. */
    caller: Caller | null;
  }
  interface FastifyInstance {
    /**
     * Verifies the bearer token and sets `request.caller`, else 401. Routes do not call it:
     * their declared access does, in onRequest (access.ts).
     */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

export interface AuthOptions {
  issuer: string;
  audience: string;
  /** Where verification keys come from; by default account-service's JWKS at `accountServiceUrl`. */
  resolveKey?: KeyResolver | undefined;
  accountServiceUrl?: BaseUrls;
  /**
   * Extra check after the signature: whether the token's `ver` was revoked. By default (with
   * `accountServiceUrl`) account-service's revocation list, long-polled (`revocationList`
   * explains why, and what happens when account-service is down); account-service passes its
   * own check against the database.
   */
  isRevoked?: (caller: Caller) => Promise<boolean>;
}

/** account-service's revocation list, read while the app runs. */
const polledRevocations = (app: FastifyInstance, accountServiceUrl: BaseUrls) => {
  const list = revocationList({
    source: revocationSource(accountServiceUrl),
    onFailure: (error) =>
      app.log.warn(
        { err: error },
        'token revocation list unreadable: revocations known so far are still enforced',
      ),
    onRecovery: () => app.log.info('token revocation list readable again'),
  });
  app.addHook('onReady', async () => list.start());
  app.addHook('onClose', async () => list.stop());
  return list.isRevoked;
};

const INVALID_TOKEN = 'Missing, invalid or expired bearer token';

/** How many verified tokens each key's verifier remembers (least recently used go first). */
const VERIFIED_TOKENS = 10_000;

/**
 * Bearer-token verification for every service: ES256 only, `iss` and `aud` checked, `exp`
 * required, keys from the JWKS by `kid`, `ver` against account-service's revocations. Every failure is the same 401, so a client learns
 * nothing about why a forged token was refused.
 */
export const auth = fp<AuthOptions>(
  async (app: FastifyInstance, { issuer, audience, resolveKey, accountServiceUrl, isRevoked }) => {
    const keys = resolveKey ?? (accountServiceUrl ? remoteJwks({ accountServiceUrl }) : undefined);
    if (!keys) throw new Error('auth needs resolveKey or accountServiceUrl');
    const revoked =
      isRevoked ?? (accountServiceUrl ? polledRevocations(app, accountServiceUrl) : undefined);
    await app.register(fastifyJwt, {
      decode: { complete: true },
      secret: async (_request: FastifyRequest, token: TokenOrHeader) =>
        await keys(('header' in token ? token.header : token) as TokenHeader),
      verify: {
        algorithms: [TOKEN_ALGORITHM],
        allowedIss: issuer,
        allowedAud: audience,
        requiredClaims: ['sub', 'role', 'exp', 'iat', 'jti', 'ver'],
        // A token whose signature was checked is remembered (by its hash, up to its `exp`): a
        // client sends the same token for 15 minutes, and the ES256 check was 4–6 % of a
        // service's CPU. Safe because the cache belongs to the verifier of one key (a `kid`
        // that no longer resolves is refused before it is reached), failures are not cached,
        // and revocations (`ver`) are checked on every request below.
        cache: VERIFIED_TOKENS,
      },
    });
    app.decorateRequest('caller', null);
    app.decorate('authenticate', async (request: FastifyRequest) => {
      let claims: AccessTokenClaims;
      try {
        claims = AccessTokenClaims.parse(await request.jwtVerify());
      } catch (error) {
        throw new UnauthorizedError(INVALID_TOKEN, { cause: error });
      }
      const caller: Caller = { id: claims.sub, role: claims.role, tokenVersion: claims.ver };
      if (revoked && (await revoked(caller))) throw new UnauthorizedError(INVALID_TOKEN);
      request.caller = caller;
    });
  },
  { name: 'auth' },
);

/** The verified caller of a route whose access admits only signed-in callers (access.ts). */
export const callerOf = (request: FastifyRequest): Caller => {
  if (!request.caller) throw new UnauthorizedError(INVALID_TOKEN);
  return request.caller;
};
