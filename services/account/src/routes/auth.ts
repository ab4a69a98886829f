import {
  ClientCredentialsBody,
  LoginBody,
  RefreshBody,
  ServiceToken,
  TokenPair,
} from '@shop/contracts';
import { PUBLIC, problemResponses, type RoutesPlugin } from '@shop/platform';
import { z } from 'zod';
import { issueServiceToken, login, logout, refresh, type SessionDeps } from '../domain/sessions.js';

const tags = ['auth'];

export const authRoutes: RoutesPlugin<{ deps: SessionDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/auth/login',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Log in with email and password',
        body: LoginBody,
        response: { 200: TokenPair, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => await login(deps, request.body, request.ip),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new token pair (rotation)',
        body: RefreshBody,
        response: { 200: TokenPair, ...problemResponses(400, 401) },
      },
    },
    async (request) => await refresh(deps, request.body.refreshToken),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Revoke the session of a refresh token',
        body: RefreshBody,
        response: { 204: z.null().describe('Logged out'), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      await logout(deps, request.body.refreshToken);
      return await reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/token',
    {
      config: PUBLIC,
      schema: {
        tags,
        summary: 'Client-credentials grant: a short-lived SERVICE token',
        body: ClientCredentialsBody,
        response: { 200: ServiceToken, ...problemResponses(400, 401) },
      },
    },
    async (request) => issueServiceToken(deps, request.body.clientId, request.body.clientSecret),
  );
};
