import { UnprocessableError } from './errors.js';

/**
 * A cursor that is a string of the right shape but not one this API returned: a rule the API
 * document can only name (in the parameter's description), so 422 rather than 400.
 */
export class InvalidCursorError extends UnprocessableError {
  constructor(options: { cause?: unknown } = {}) {
    super('invalid-cursor', 'The cursor is not one this API returned', {
      errors: [{ path: 'querystring.cursor', message: 'is not a cursor this API returned' }],
      ...options,
    });
  }
}

/** Opaque keyset cursor of a list newest first: the (createdAt, id) of the last entry of a page. */
export const encodeCursor = (createdAt: Date, id: string) =>
  Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

export const decodeCursor = (cursor: string): { createdAt: Date; id: string } => {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [
      string,
      string,
    ];
    const date = new Date(createdAt);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { createdAt: date, id };
  } catch {
    throw new InvalidCursorError();
  }
};
