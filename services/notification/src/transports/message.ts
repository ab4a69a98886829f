import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../domain/ports.js';

/** The domain of the sender address, to name our messages (`Shop <no-reply@shop.example>`). */
const senderDomain = (from: string) => /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';

/**
 * The nodemailer message of a notification. Its Message-ID is derived from the notification
 * id, so if a send is repeated (a worker died before recording it) both copies carry the same
 * id and mail clients can fold them.
 */
export const toMailOptions = (from: string, mail: OutgoingMail): SendMailOptions => ({
  from,
  to: { name: mail.to.name, address: mail.to.email },
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: `<${mail.id}@${senderDomain(from)}>`,
  headers: { 'X-Notification-Id': mail.id },
});
