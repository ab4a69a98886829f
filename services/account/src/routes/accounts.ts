import {
  Account,
  AccountIdParams,
  AccountSearchPage,
  AccountSearchQuery,
  RegisterAccountBody,
  UpdateAccountBody,
} from '@shop/contracts';
import { allow, callerOf, PUBLIC, problemResponses, type RoutesPlugin } from '@shop/platform';
import {
  type AccountDeps,
  getAccount,
  registerAccount,
  searchAccounts,
  updateAccount,
  type VerificationMailer,
} from '../domain/accounts.js';

const tags = ['accounts'];
const signedIn = allow({ roles: ['CUSTOMER', 'ADMIN'] });
/** Services read an account for its saved card (payment) and address (notification). */
const signedInOrReader = allow({
  roles: ['CUSTOMER', 'ADMIN'],
  services: ['payment-service', 'notification-service'],
});

export const accountRoutes: RoutesPlugin<{
  deps: AccountDeps;
  mailer?: VerificationMailer;
}> = async (app, { deps, mailer }) => {
  app.post(
    '/api/v1/accounts',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Register a customer account',
        body: RegisterAccountBody,
        response: { 201: Account, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) =>
      await reply.status(201).send(await registerAccount(deps, request.body, mailer)),
  );

  app.get(
    '/api/v1/accounts',
    {
      config: allow({ roles: ['ADMIN'] }),
      schema: {
        tags,
        summary: 'ADMIN: accounts whose email or name starts with q, by email, paginated',
        querystring: AccountSearchQuery,
        response: { 200: AccountSearchPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => await searchAccounts(deps, request.query),
  );

  app.get(
    '/api/v1/accounts/me',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The caller’s own account',
        response: { 200: Account, ...problemResponses(401, 404) },
      },
    },
    async (request) => await getAccount(deps, callerOf(request), callerOf(request).id),
  );

  app.get(
    '/api/v1/accounts/:id',
    {
      config: signedInOrReader,
      schema: {
        tags,
        summary: 'An account (self, ADMIN, payment- or notification-service); others get 404',
        params: AccountIdParams,
        response: { 200: Account, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => await getAccount(deps, callerOf(request), request.params.id),
  );

  app.patch(
    '/api/v1/accounts/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Change name, addresses, payment method or password',
        params: AccountIdParams,
        body: UpdateAccountBody,
        response: { 200: Account, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      await updateAccount(deps, callerOf(request), request.params.id, request.body),
  );
};
