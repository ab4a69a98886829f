import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../src/api/client';
import { toProblem } from '../src/api/problem';
import { AttemptKeys, newIdempotencyKey } from '../src/idempotency';

const body = { orderId: 'o-1', amount: 1234, currency: 'USD' };
const problem = (status: number, code?: string) =>
  new ApiError(toProblem(status, { title: 'x', status, ...(code ? { code } : {}) }));

describe('AttemptKeys', () => {
  it('when the same payment is sent again after a network error, then it reuses the key', () => {
    const keys = new AttemptKeys();
    const first = keys.keyFor(body);
    keys.settle(new NetworkError());
    expect(keys.keyFor({ ...body })).toBe(first);
  });

  it('when the first try is still running (409 request-in-progress) or the gateway failed, then the key is kept', () => {
    const keys = new AttemptKeys();
    const first = keys.keyFor(body);
    keys.settle(problem(409, 'request-in-progress'));
    expect(keys.keyFor(body)).toBe(first);
    keys.settle(problem(503));
    expect(keys.keyFor(body)).toBe(first);
  });

  it('when an answer came back (a decline or a 4xx), then the next click is a new attempt', () => {
    const keys = new AttemptKeys();
    const first = keys.keyFor(body);
    keys.settle();
    const second = keys.keyFor(body);
    expect(second).not.toBe(first);
    keys.settle(problem(422));
    expect(keys.keyFor(body)).not.toBe(second);
  });

  it('when the body changes (another card), then a new key is used even after a network error', () => {
    const keys = new AttemptKeys();
    const first = keys.keyFor(body);
    keys.settle(new NetworkError());
    expect(keys.keyFor({ ...body, paymentMethod: { cardNumber: '4242' } })).not.toBe(first);
  });
});

describe('newIdempotencyKey', () => {
  it('when keys are made, then they are UUIDs the services accept ([\\w-]{8,100})', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(key).toMatch(/^[\w-]{8,100}$/);
  });
});
