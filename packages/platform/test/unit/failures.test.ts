import { describe, expect, it } from 'vitest';
import { ConflictError, UnavailableError } from '../../src/errors.js';
import { isTransientError, TransientError } from '../../src/failures.js';

const withShape = (fields: Record<string, unknown>, name = 'Error') =>
  Object.assign(Object.create({ name }), { message: 'x', ...fields }) as Error;

describe('isTransientError', () => {
  it('when a store or a peer does not answer, then the failure is about the world', () => {
    expect(isTransientError(withShape({ code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError(withShape({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toBe(
      true,
    );
    expect(isTransientError(withShape({ errno: 1213 }))).toBe(true); // deadlock
    expect(isTransientError(withShape({}, 'MongoServerSelectionError'))).toBe(true);
    expect(isTransientError(withShape({ code: 91 }, 'MongoServerError'))).toBe(true);
    expect(isTransientError(withShape({}, 'NoHostAvailableError'))).toBe(true);
    expect(isTransientError(withShape({ code: 0x1100 }, 'ResponseError'))).toBe(true);
    expect(isTransientError(withShape({}, 'TimeoutError'))).toBe(true);
    expect(isTransientError(new UnavailableError('item-service is down'))).toBe(true);
    expect(isTransientError(new TransientError('hold busy'))).toBe(true);
  });

  it('when the cause of a failure is about the world, then so is the failure', () => {
    const wrapped = new Error('could not store', { cause: withShape({ code: 'ECONNRESET' }) });
    expect(isTransientError(wrapped)).toBe(true);
  });

  it('when a failure is a refusal, a bug or a duplicate key, then it is not transient', () => {
    expect(isTransientError(new ConflictError('nope', 'never'))).toBe(false);
    expect(isTransientError(new TypeError('undefined is not a function'))).toBe(false);
    expect(isTransientError(withShape({ errno: 1062 }))).toBe(false);
    expect(isTransientError(withShape({ code: 11000 }, 'MongoServerError'))).toBe(false);
    expect(isTransientError(withShape({ code: 0x2200 }, 'ResponseError'))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
  });
});
