import type { FieldError, Problem } from '@shop/contracts';

/** What the user reads when no response came back at all. */
export const NETWORK_MESSAGE = 'The shop cannot be reached; try again';

const GENERIC_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const isFieldError = (value: unknown): value is FieldError =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as FieldError).path === 'string' &&
  typeof (value as FieldError).message === 'string';

/**
 * The problem document of a failed response. Bodies that are not problem+json (a proxy's HTML
 * error page, an empty 502) still become a problem so the UI has one shape to show.
 */
export const toProblem = (status: number, body: unknown): Problem => {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const title =
    typeof fields.title === 'string' ? fields.title : (GENERIC_TITLES[status] ?? 'Error');
  const problem: Problem = {
    type: typeof fields.type === 'string' ? fields.type : 'about:blank',
    title,
    status,
  };
  if (typeof fields.detail === 'string') problem.detail = fields.detail;
  if (typeof fields.code === 'string') problem.code = fields.code;
  if (Array.isArray(fields.errors)) problem.errors = fields.errors.filter(isFieldError);
  return problem;
};

/** `body.paymentMethod.cardNumber` → `paymentMethod.cardNumber`: the name the form uses. */
export const fieldName = (path: string): string =>
  path.replace(/^(body|querystring|params|headers)\.?/, '');

/** One message per field (the first the service reported), keyed by the form's field name. */
export const fieldErrors = (problem: Problem): Record<string, string> => {
  const byField: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const name = fieldName(error.path);
    byField[name] ??= error.message;
  }
  return byField;
};

/** A sentence for the user: what went wrong and, where it helps, what to do next. */
export const problemMessage = (problem: Problem, retryAfterSeconds?: number): string => {
  const errors = problem.errors ?? [];
  if (errors.length > 0) {
    const list = errors.map((error) => `${fieldName(error.path) || 'request'} ${error.message}`);
    return `Please check: ${list.join('; ')}.`;
  }
  if (problem.status === 429) {
    const wait = retryAfterSeconds ? ` Try again in ${retryAfterSeconds} seconds.` : '';
    return `${problem.detail ?? 'Too many attempts.'}${wait}`.trim();
  }
  if (problem.status === 401) return problem.detail ?? 'Please log in again.';
  if (problem.status >= 500) {
    return problem.status === 500 && problem.detail
      ? problem.detail
      : 'The shop is having trouble right now; try again in a moment.';
  }
  return problem.detail ?? problem.title;
};
