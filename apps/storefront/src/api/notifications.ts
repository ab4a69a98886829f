import type { NotificationPage } from '@shop/contracts';
import { api } from './client';

export const listNotifications = (cursor?: string) =>
  api<NotificationPage>('/notifications', { query: { cursor, limit: 20 } });
