import {
  EmailRequestAccepted,
  PasswordResetBody,
  PasswordResetConfirmBody,
  VerifyEmailBody,
} from '@shop/contracts';
import { allow, callerOf, PUBLIC, problemResponses, type RoutesPlugin } from '@shop/platform';
import { z } from 'zod';
import {
  type AccountEmailDeps,
  confirmPasswordReset,
  requestPasswordReset,
  resendVerificationEmail,
  verifyEmail,
} from '../domain/account-emails.js';

/** Password reset and email verification (docs/tokens.md#password-reset-and-email-verification). */
export const accountEmailRoutes: RoutesPlugin<{ deps: AccountEmailDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/api/v1/auth/password-reset',
    {
      config: PUBLIC,
      schema: {
        tags: ['auth'],
        summary:
          'Ask for a password-reset email; 202 whatever the email (nothing tells whether it has an account)',
        body: PasswordResetBody,
        response: {
          202: EmailRequestAccepted.describe(
            'Accepted: an email is sent if the address has an account',
          ),
          ...problemResponses(400, 429),
        },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email, request.ip);
      return await reply.status(202).send({
        message: 'If an account has this email address, a password reset link is on its way.',
      });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: PUBLIC,
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with the emailed token; revokes every token of the account. 410 for an unknown, used or expired token',
        body: PasswordResetConfirmBody,
        response: {
          204: z.null().describe('Password changed; every session signed out'),
          ...problemResponses(400, 410),
        },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(deps, request.body.token, request.body.password);
      return await reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/verify-email',
    {
      config: PUBLIC,
      schema: {
        tags: ['auth'],
        summary:
          'Mark an account’s email verified with the emailed token; 410 for an unknown, used or expired token',
        body: VerifyEmailBody,
        response: { 204: z.null().describe('Email verified'), ...problemResponses(400, 410) },
      },
    },
    async (request, reply) => {
      await verifyEmail(deps, request.body.token);
      return await reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/accounts/me/verification-email',
    {
      config: allow({ roles: ['CUSTOMER', 'ADMIN'] }),
      schema: {
        tags: ['accounts'],
        summary: 'Send the caller a new verification email (earlier links stop working)',
        response: {
          202: EmailRequestAccepted.describe('Accepted: the email is on its way'),
          ...problemResponses(401, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      await resendVerificationEmail(deps, callerOf(request));
      return await reply
        .status(202)
        .send({ message: 'A new verification link is on its way to your email address.' });
    },
  );
};
