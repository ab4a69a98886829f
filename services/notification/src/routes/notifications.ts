import { NotificationListQuery, NotificationPage } from '@shop/contracts';
import { callerOf, problemResponses, type RoutesPlugin } from '@shop/platform';
import { listNotifications, type NotificationDeps } from '../domain/notifications.js';

export const notificationRoutes: RoutesPlugin<{ deps: NotificationDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/api/v1/notifications',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['notifications'],
        security: [{ bearerAuth: [] }],
        summary: "The caller's notifications, newest first (an ADMIN may pass userId)",
        querystring: NotificationListQuery,
        response: { 200: NotificationPage, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => await listNotifications(deps, callerOf(request), request.query),
  );
};
