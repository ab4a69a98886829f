import { STATUS_CODES } from 'node:http';
import type { FieldError, Problem } from '@shop/contracts';

export interface DomainErrorOptions {
  /** Extra members of the problem document, e.g. the short lines of a failed hold. */
  extensions?: Record<string, unknown>;
  errors?: FieldError[];
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * A failure the domain expects and the client can act on. The problem+json plugin maps it to
 * a response with `status`; `code` becomes the problem `type` and `detail` is shown as is,
 * so it must never carry secrets.
 */
export class DomainError extends Error {
  readonly extensions: Record<string, unknown>;
  readonly errors: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    options: DomainErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = new.target.name;
    this.extensions = options.extensions ?? {};
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export class BadRequestError extends DomainError {
  constructor(detail: string, options?: DomainErrorOptions) {
    super('bad-request', 400, detail, options);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(detail = 'Missing or invalid credentials', options?: DomainErrorOptions) {
    super('unauthorized', 401, detail, options);
  }
}
export class ForbiddenError extends DomainError {
  constructor(detail = 'This action is not allowed for your role', options?: DomainErrorOptions) {
    super('forbidden', 403, detail, options);
  }
}
/** Also used for other users' resources, so their existence is never revealed. */
export class NotFoundError extends DomainError {
  constructor(detail: string, options?: DomainErrorOptions) {
    super('not-found', 404, detail, options);
  }
}
export class ConflictError extends DomainError {
  constructor(code: string, detail: string, options?: DomainErrorOptions) {
    super(code, 409, detail, options);
  }
}
export class UnprocessableError extends DomainError {
  constructor(code: string, detail: string, options?: DomainErrorOptions) {
    super(code, 422, detail, options);
  }
}
export class TooManyRequestsError extends DomainError {
  constructor(detail: string, retryAfterSeconds: number) {
    super('too-many-requests', 429, detail, { retryAfterSeconds });
  }
}
/** A dependency (another service, a store) is unavailable; the client may retry. */
export class UnavailableError extends DomainError {
  constructor(detail: string, options?: DomainErrorOptions) {
    super('service-unavailable', 503, detail, options);
  }
}

export const titleOf = (status: number) => STATUS_CODES[status] ?? 'Error';

export const problemType = (code: string | undefined) =>
  code ? `/problems/${code}` : 'about:blank';

/** The problem document of a domain error (also stored by idempotency keys, to replay it). */
export const toProblem = (error: DomainError): Problem & Record<string, unknown> => ({
  ...error.extensions,
  type: problemType(error.code),
  title: titleOf(error.status),
  status: error.status,
  code: error.code,
  detail: error.detail,
  ...(error.errors ? { errors: error.errors } : {}),
});

/**
 * A stored problem document as the error it was (an Idempotency-Key replaying a refusal): the
 * problem+json plugin then sends the same document again.
 */
export const fromProblem = (problem: Problem & Record<string, unknown>): DomainError => {
  const { type: _type, title: _title, status, code, detail, errors, ...extensions } = problem;
  return new DomainError(
    typeof code === 'string' ? code : 'error',
    status,
    typeof detail === 'string' ? detail : '',
    { extensions, ...(Array.isArray(errors) ? { errors: errors as FieldError[] } : {}) },
  );
};
