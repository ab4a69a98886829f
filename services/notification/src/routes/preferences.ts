import { NotificationPreferences, NotificationPreferencesBody } from '@shop/contracts';
import { allow, callerOf, problemResponses, type RoutesPlugin } from '@shop/platform';
import { z } from 'zod';
import { type PreferencesDeps, readPreferences, savePreferences } from '../domain/preferences.js';

/** People only: a SERVICE token has no preferences (403); there is no way to name another account. */
const OWNER = allow({ roles: ['CUSTOMER', 'ADMIN'] });
/** Nothing in the query: a `userId` (or anything else) is refused, never ignored. */
const NoQuery = z.strictObject({});

export const preferenceRoutes: RoutesPlugin<{ deps: PreferencesDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/notifications/preferences',
    {
      config: OWNER,
      schema: {
        tags: ['notifications'],
        summary:
          "The caller's notification preferences (defaults until saved: email and in-app on, SMS off)",
        querystring: NoQuery,
        response: { 200: NotificationPreferences, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => await readPreferences(deps, callerOf(request)),
  );

  app.put(
    '/api/v1/notifications/preferences',
    {
      config: OWNER,
      schema: {
        tags: ['notifications'],
        summary: "Replaces the caller's notification preferences; SMS needs a phone number (E.164)",
        querystring: NoQuery,
        body: NotificationPreferencesBody,
        response: { 200: NotificationPreferences, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request) => await savePreferences(deps, callerOf(request), request.body),
  );
};
