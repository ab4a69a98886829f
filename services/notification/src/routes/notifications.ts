import { NotificationListQuery, NotificationPage } from '@shop/contracts';
import { allow, callerOf, problemResponses, type RoutesPlugin } from '@shop/platform';
import { listNotifications, type NotificationDeps } from '../domain/notifications.js';

export const notificationRoutes: RoutesPlugin<{ deps: NotificationDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/api/v1/notifications',
    {
      config: allow({ roles: ['CUSTOMER', 'ADMIN'] }),
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first (an ADMIN may pass userId)",
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => await listNotifications(deps, callerOf(request), request.query),
  );
};
