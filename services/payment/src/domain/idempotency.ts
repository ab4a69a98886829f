import { createHash } from 'node:crypto';
import { ConflictError, DomainError, toProblem, UnprocessableError } from '@shop/platform/errors';
import type { IdempotencyStore } from './ports.js';

export interface Response {
  status: number;
  body: unknown;
}

/**
 * Runs a write once per (user, scope, Idempotency-Key), as payment processors do: the first
 * response (status and body, errors included) is stored and replayed to every retry with the
 * same body; a different body is 422; a retry while the first still runs is 409. An unexpected
 * failure (5xx) is not stored, so the client can retry it.
 */
export const idempotent = async (
  store: IdempotencyStore,
  scope: { userId: string; scope: string; key: string },
  request: unknown,
  now: Date,
  work: () => Promise<Response>,
): Promise<Response> => {
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const start = await store.begin(scope, hash, now);
  if (start.kind === 'replay') return { status: start.status, body: start.body };
  if (start.kind === 'mismatch') {
    throw new UnprocessableError(
      'idempotency-key-reused',
      'This Idempotency-Key was used with a different request',
    );
  }
  if (start.kind === 'in-progress') {
    throw new ConflictError(
      'request-in-progress',
      'A request with this Idempotency-Key is still running; retry shortly',
    );
  }
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) {
      response = { status: error.status, body: toProblem(error) };
    } else {
      await store.abandon(scope);
      throw error;
    }
  }
  await store.complete(scope, response.status, response.body);
  return response;
};
