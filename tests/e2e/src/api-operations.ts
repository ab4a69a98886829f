/**
 * Every operation of a service's OpenAPI document, with who may call it: the `x-access` each
 * route declares (packages/platform/src/auth/access.ts) and the document publishes. Pure, so it
 * is tested without the stack (test/unit/api-operations.test.ts).
 */

export type DeclaredAccess =
  | 'public'
  | { roles?: readonly string[]; services?: readonly string[] }
  | undefined;

export interface ApiOperation {
  /** e.g. `GET /api/v1/orders/{id}`, as the document names it. */
  name: string;
  method: string;
  path: string;
  access: DeclaredAccess;
  hasBody: boolean;
}

interface OperationObject {
  'x-access'?: DeclaredAccess;
  requestBody?: unknown;
}

export interface OpenApiPaths {
  paths?: Record<string, Record<string, OperationObject>>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** The operations of a document, sorted by name (HEAD and OPTIONS are not operations here). */
export const operationsOf = (document: OpenApiPaths): ApiOperation[] =>
  Object.entries(document.paths ?? {})
    .flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => METHODS.has(method))
        .map(([method, operation]) => ({
          name: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          access: operation['x-access'],
          hasBody: operation.requestBody !== undefined,
        })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));

/** The path with each `{param}` replaced by a fresh random UUID. */
export const concretePath = (path: string) =>
  path.replaceAll(/\{[^}]+\}/g, () => crypto.randomUUID());

/** Whether a declared access admits a caller of `role` (a SERVICE by its client id). */
export const admits = (access: DeclaredAccess, role: string, serviceId?: string) => {
  if (access === 'public') return true;
  if (!access) return false;
  if (role === 'SERVICE') return serviceId !== undefined && !!access.services?.includes(serviceId);
  return !!access.roles?.includes(role);
};

/** A body no route accepts: an unknown field holding a query operator. */
export const JUNK_BODY = { junk: { $gt: '' }, role: 'ADMIN' };
