import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { fieldErrors, NETWORK_MESSAGE, problemMessage, toProblem } from '../src/api/problem';

const validation = {
  type: '/problems/validation-error',
  title: 'Bad Request',
  status: 400,
  code: 'validation-error',
  detail: 'Invalid request: body.email must be an email address',
  errors: [
    { path: 'body.email', message: 'must be an email address' },
    { path: 'body.password', message: 'must be at least 10 characters' },
    { path: 'body.email', message: 'is too long' },
  ],
};

describe('problem+json → message', () => {
  it('when a validation problem arrives, then every field error is listed in one sentence', () => {
    expect(problemMessage(toProblem(400, validation))).toBe(
      'Please check: email must be an email address; password must be at least 10 characters; email is too long.',
    );
  });

  it('when a validation problem arrives, then each form field gets its first message', () => {
    expect(fieldErrors(toProblem(400, validation))).toEqual({
      email: 'must be an email address',
      password: 'must be at least 10 characters',
    });
  });

  it('when a nested path is reported, then the field name keeps the nesting without the body prefix', () => {
    const problem = toProblem(400, {
      title: 'Bad Request',
      status: 400,
      detail: 'The card number is not valid',
      errors: [{ path: 'body.paymentMethod.cardNumber', message: 'is not a valid card number' }],
    });
    expect(fieldErrors(problem)).toEqual({
      'paymentMethod.cardNumber': 'is not a valid card number',
    });
  });

  it('when a domain problem has a detail, then the detail is the message', () => {
    const problem = toProblem(409, {
      type: '/problems/insufficient-stock',
      title: 'Conflict',
      status: 409,
      detail: 'Not enough stock for 1 line',
    });
    expect(problemMessage(problem)).toBe('Not enough stock for 1 line');
  });

  it('when the body is not a problem (HTML from a proxy), then a generic message fits the status', () => {
    expect(toProblem(502, '<html>Bad gateway</html>')).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
    });
    expect(problemMessage(toProblem(502, undefined))).toBe(
      'The shop is having trouble right now; try again in a moment.',
    );
  });

  it('when login is throttled, then the message says how long to wait', () => {
    const problem = toProblem(429, {
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too many failed logins.',
    });
    expect(problemMessage(problem, 30)).toBe('Too many failed logins. Try again in 30 seconds.');
  });

  it('when the session cannot be refreshed (401), then the user is asked to log in again', () => {
    expect(problemMessage(toProblem(401, {}))).toBe('Please log in again.');
  });

  it('when an error list holds junk entries, then only well-formed ones are kept', () => {
    const problem = toProblem(400, {
      title: 'Bad Request',
      errors: [{ path: 'body.q' }, 3, { path: 'body.limit', message: 'is too big' }],
    });
    expect(problem.errors).toEqual([{ path: 'body.limit', message: 'is too big' }]);
  });

  it('when an ApiError is built, then it carries the message, status and field errors', () => {
    const error = new ApiError(toProblem(400, validation));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Please check: email/);
    expect(error.fields.password).toBe('must be at least 10 characters');
  });

  it('when the network fails, then the message says the shop cannot be reached', () => {
    expect(NETWORK_MESSAGE).toBe('The shop cannot be reached; try again');
  });
});
