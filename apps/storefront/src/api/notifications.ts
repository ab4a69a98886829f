import type {
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesBody,
  StreamTicket,
} from '@shop/contracts';
import { api } from './client';

export const listNotifications = (cursor?: string) =>
  api<NotificationPage>('/notifications', { query: { cursor, limit: 20 } });

export const getNotificationPreferences = () =>
  api<NotificationPreferences>('/notifications/preferences');

export const saveNotificationPreferences = (body: NotificationPreferencesBody) =>
  api<NotificationPreferences>('/notifications/preferences', { method: 'PUT', body });

/** A single-use pass for the stream (EventSource cannot send the Authorization header). */
export const createStreamTicket = () =>
  api<StreamTicket>('/notifications/stream-tickets', { method: 'POST' });
