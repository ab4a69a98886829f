import { type FieldError, PROBLEM_CONTENT_TYPE, type Problem } from '@shop/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { DomainError, problemType, titleOf, toProblem } from './errors.js';
import { isTransientError } from './failures.js';
import { type RouteMethods, routeMethods } from './method-not-allowed.js';
import { recordError } from './tracing.js';

export const sendProblem = async (
  reply: FastifyReply,
  problem: Problem & Record<string, unknown>,
): Promise<FastifyReply> =>
  await reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);

/** `/items/0/quantity` in the body → `body.items.0.quantity`. */
const fieldPath = (context: string | undefined, instancePath: string) =>
  [context, ...instancePath.split('/').filter(Boolean)].filter(Boolean).join('.');

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** A refinement marked `UNSTATED_RULE` in the contracts: its rule is only named in the document. */
const isUnstatedRule = (issue: ValidationIssue) =>
  issue.keyword === 'custom' &&
  (issue.params as { params?: { unstated?: boolean } } | undefined)?.params?.unstated === true;

/**
 * 400 when the request is invalid per the API document; 422 when it is valid per the document
 * but breaks a rule the document can only name (a check digit, an item listed twice).
 */
const validationProblem = (error: FastifyError): Problem => {
  const context = (error as FastifyError & { validationContext?: string }).validationContext;
  const issues = error.validation ?? [];
  const errors: FieldError[] = issues.map((issue) => ({
    path: fieldPath(context, issue.instancePath),
    message: issue.message ?? 'is invalid',
  }));
  const first = errors[0];
  const status = issues.length > 0 && issues.every(isUnstatedRule) ? 422 : 400;
  return {
    type: problemType('validation-error'),
    title: titleOf(status),
    status,
    code: 'validation-error',
    detail: first ? `Invalid request: ${first.path} ${first.message}` : 'Invalid request',
    errors,
  };
};

const domainProblem = (error: DomainError, reply: FastifyReply) => {
  if (error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
  }
  return toProblem(error);
};

const handleError = async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return await sendProblem(reply, validationProblem(error));
  }
  if (error instanceof DomainError) {
    if (error.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      recordError(error);
    }
    return await sendProblem(reply, domainProblem(error, reply));
  }
  const status = error.statusCode ?? 500;
  // Fastify's own 4xx errors (malformed JSON, body too large, wrong content type) carry
  // messages written for clients; everything else is a bug whose details stay in the log.
  if (status >= 400 && status < 500 && !isResponseSerializationError(error)) {
    return await sendProblem(reply, {
      type: problemType(error.code?.toLowerCase()),
      title: titleOf(status),
      status,
      detail: error.message,
    });
  }
  // A store or peer that does not answer is the world, not a bug: 503, come back shortly.
  if (isTransientError(error)) {
    request.log.warn({ err: error }, 'dependency unavailable');
    recordError(error);
    reply.header('retry-after', '2');
    return await sendProblem(reply, {
      type: problemType('service-unavailable'),
      title: titleOf(503),
      status: 503,
      code: 'service-unavailable',
      detail: `A store or service this request needs is unavailable; try again shortly (request id ${request.id}).`,
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  // The request's span (the error handler runs in its context); onResponse marks it failed.
  recordError(error);
  return await sendProblem(reply, {
    type: 'about:blank',
    title: titleOf(500),
    status: 500,
    detail: `An unexpected error occurred. Quote request id ${request.id} when reporting it.`,
  });
};

/** 405 with `Allow` for a path the service has with other methods, else 404. */
const notFound =
  (methods: RouteMethods) => async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = methods.allowed(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return await sendProblem(reply, {
        type: 'about:blank',
        title: titleOf(405),
        status: 405,
        detail: `${request.method} is not allowed on ${path}: it answers ${allowed.join(', ')}`,
      });
    }
    return await sendProblem(reply, {
      type: 'about:blank',
      title: titleOf(404),
      status: 404,
      detail: `No route ${request.method} ${path}`,
    });
  };

/** Maps every error, and unknown routes, to RFC 9457 problem+json. */
export const problemDetails = fp(
  async (app: FastifyInstance) => {
    const methods = routeMethods();
    app.addHook('onRoute', (route) => methods.add(route.method, route.url ?? route.path));
    const unknownRoute = notFound(methods);
    // Fastify routes by method first, so PUT /items/by-upc reaches PUT /items/:id and would be
    // refused as a bad id. A path registered as it is answers only its own methods: 405.
    // Likewise an OPTIONS that is no CORS preflight and that no route of ours takes (the
    // gateway's proxy routes take every method) reaches the CORS plugin's catch-all `OPTIONS *`,
    // which would refuse it with 400: it is a method the path does not answer, 405 (or 404).
    // A callback hook (no promise per request); answering from it means not calling `done`.
    const answeredByOtherMethods = (request: FastifyRequest) => {
      const route = request.routeOptions.url;
      if (route === '*') return !request.headers['access-control-request-method'];
      return route?.includes(':') === true && methods.isExact(request.url.split('?')[0] ?? '/');
    };
    app.addHook('onRequest', (request, reply, done) => {
      if (!answeredByOtherMethods(request)) return done();
      // The answer is sent at once; awaiting it only reports a broken connection.
      unknownRoute(request, reply).catch((error: unknown) =>
        request.log.warn({ err: error }, 'the 404/405 answer could not be sent'),
      );
    });
    // A request no route matched can fail in Fastify before the not-found handler (a QUERY
    // without a content type, a body that is not JSON): its answer is still 404 or 405. Our own
    // refusals (a rate limit in onRequest) stay what they are.
    app.setErrorHandler(async (error: FastifyError, request, reply) =>
      request.is404 && !(error instanceof DomainError)
        ? await unknownRoute(request, reply)
        : await handleError(error, request, reply),
    );
    app.setNotFoundHandler(unknownRoute);
  },
  { name: 'problem-details' },
);
