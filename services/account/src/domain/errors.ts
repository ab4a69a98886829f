import { ConflictError, UnauthorizedError } from '@shop/platform/errors';

export class EmailTakenError extends ConflictError {
  constructor() {
    super('email-taken', 'An account with this email already exists');
  }
}

/** The same answer for an unknown email and a wrong password: nothing to enumerate. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('Email or password is incorrect');
  }
}

export class InvalidRefreshTokenError extends UnauthorizedError {
  constructor() {
    super('The refresh token is invalid, expired or revoked; log in again');
  }
}

export class InvalidClientError extends UnauthorizedError {
  constructor() {
    super('Unknown client or wrong client secret');
  }
}
