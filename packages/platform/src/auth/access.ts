import type { Role } from '@shop/contracts';
import type {
  FastifyInstance,
  FastifyRequest,
  FastifySchema,
  onRequestHookHandler,
  RouteOptions,
} from 'fastify';
import { documentErrors } from '../api-docs.js';
import type { Caller } from '../caller.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';

/**
 * A service's client id at account-service (`<prefix>-service`, see config-fragments.ts): the
 * `sub` of its SERVICE tokens. A union, so a misspelt name in a route is a compile error.
 */
export type ServiceClientId =
  | 'account-service'
  | 'item-service'
  | 'order-service'
  | 'payment-service'
  | 'cart-service'
  | 'notification-service';

/**
 * Who may call a route: people by role, services by name. A SERVICE token is admitted only by
 * name (never through `roles`), so each service can reach only the calls it makes.
 */
export interface AccessRule {
  roles?: readonly Exclude<Role, 'SERVICE'>[];
  services?: readonly ServiceClientId[];
}

/** What a route declares in `config.access`: `'public'`, or the callers it admits. */
export type Access = 'public' | AccessRule;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route must declare it (startup fails otherwise): see `allow` and `PUBLIC`. */
    access?: Access;
  }
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

/** The decision for a caller (null: no valid token) of a route declaring `access`. Pure. */
export const decideAccess = (access: Access, caller: Caller | null): AccessDecision => {
  if (access === 'public') return 'allow';
  if (!caller) return 'unauthenticated';
  if (caller.role === 'SERVICE') {
    return access.services?.some((name) => name === caller.id) ? 'allow' : 'forbidden';
  }
  return access.roles?.includes(caller.role) ? 'allow' : 'forbidden';
};

/** Route config of a route anyone may call. */
export const PUBLIC = { access: 'public' } as const satisfies { access: Access };

/** Route config of a route admitting the callers `rule` names: `config: allow({ roles: ['ADMIN'] })`. */
export const allow = (rule: AccessRule): { access: Access } => {
  if (!rule.roles?.length && !rule.services?.length) {
    throw new Error('allow() needs at least one role or service');
  }
  return { access: rule };
};

/** Who a rule admits, for a 403's detail. */
export const describeAccess = (access: AccessRule) =>
  [...(access.roles ?? []), ...(access.services ?? [])].join(' or ');

const routeName = (route: RouteOptions) =>
  `${Array.isArray(route.method) ? route.method.join(',') : route.method} ${route.url}`;

/** A person is told the role they lack, never which services a route serves. */
const forbidden = (access: AccessRule, caller: Caller) => {
  if (caller.role === 'SERVICE') {
    return new ForbiddenError(
      `${caller.id} may not call this route (it admits ${describeAccess(access)})`,
    );
  }
  return new ForbiddenError(
    access.roles?.length
      ? `This action requires the ${access.roles.join(' or ')} role`
      : 'This route is for the shop’s services only',
  );
};

/**
 * The route's onRequest check: runs before the body is parsed or validated, so an anonymous
 * caller gets 401 and a caller without the role 403 whatever they send.
 */
const guard = (access: AccessRule): onRequestHookHandler =>
  async function checkAccess(this: FastifyInstance, request: FastifyRequest) {
    await this.authenticate(request);
    const decision = decideAccess(access, request.caller);
    if (decision === 'unauthenticated') throw new UnauthorizedError();
    if (decision === 'forbidden' && request.caller) throw forbidden(access, request.caller);
  };

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The route's OpenAPI operation says who may call it (`x-access`, read by the e2e access
 * test), a guarded one names its bearer token, and every error answer it can give is documented
 * as problem+json (api-docs.ts), its 401 and 403 too.
 */
const documented = (schema: FastifySchema | undefined, access: Access): FastifySchema => {
  const extended: Record<string, unknown> = {
    ...documentErrors(schema ?? {}, access),
    'x-access': access,
  };
  if (access !== 'public') extended.security = [{ bearerAuth: [] }];
  return extended;
};

/**
 * The one place that decides who may call what. Every route registered after this declares
 * `config.access`, or the service does not start (so no route is forgotten); the declaration
 * becomes an onRequest check and appears in the OpenAPI document (`x-access`, `security`).
 */
export const enforceRouteAccess = (app: FastifyInstance) => {
  app.addHook('onRoute', function declareAccess(this: FastifyInstance, route) {
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(
        `${routeName(route)} declares no access: add config: PUBLIC or allow({ roles, services })`,
      );
    }
    route.schema = documented(route.schema, access);
    if (access === 'public') return;
    if (!this.hasDecorator('authenticate')) {
      throw new Error(`${routeName(route)} needs the auth plugin registered before it`);
    }
    route.onRequest = [...asArray(route.onRequest), guard(access)];
  });
};
