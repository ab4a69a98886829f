import { ConflictError, DomainError, UnauthorizedError } from '@shop/platform/errors';

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

/**
 * A reset or verification token that is unknown, already used or expired: one answer for all
 * three (410 Gone: the link is spent; ask for a new one), and nothing changes.
 */
export class InvalidAccountTokenError extends DomainError {
  constructor() {
    super('invalid-token', 410, 'This link is invalid, expired or already used; ask for a new one');
  }
}

export class EmailAlreadyVerifiedError extends ConflictError {
  constructor() {
    super('email-already-verified', 'The email address of this account is already verified');
  }
}
