import type { NotificationRecord } from './model.js';

/** Longest text message we send: one GSM-7 segment's worth, so it is never split or cut. */
export const SMS_MAX_LENGTH = 160;

/**
 * The text message of a notification: its subject (which names the order), signed, within
 * one segment. The email carries the details.
 */
export const smsTextOf = (subject: string) => {
  const text = `Shop: ${subject}`;
  return text.length <= SMS_MAX_LENGTH ? text : `${text.slice(0, SMS_MAX_LENGTH - 1)}…`;
};

/**
 * The SMS record of a notification, kept in the SMS channel's own store under the same id (the
 * event id): a redelivered event finds it there, so it is never sent twice.
 */
export const textMessageOf = (notification: NotificationRecord): NotificationRecord => ({
  ...notification,
  channel: 'sms',
  status: 'PENDING',
  text: smsTextOf(notification.subject),
  html: '',
});
