import { createTransport, type NodemailerError } from 'nodemailer';
import { type MailTransport, PermanentDeliveryError } from '../domain/ports.js';
import { toMailOptions } from './message.js';

/**
 * Delivery through an SMTP server (`smtp://user:pass@host:587`, STARTTLS when offered, or
 * `smtps://`). Timeouts are bounded well below a delivery claim, so a hung server cannot make
 * two workers send the same email. A permanent rejection (5xx) is not retried.
 */
export const createSmtpTransport = (url: string, from: string): MailTransport => {
  const transporter = createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    send: async (mail) => {
      try {
        await transporter.sendMail(toMailOptions(from, mail));
      } catch (error) {
        const rejection = error as NodemailerError;
        if (rejection.permanent === true)
          throw new PermanentDeliveryError(`rejected by the mail server: ${rejection.message}`, {
            cause: error,
          });
        throw error;
      }
    },
    close: async () => transporter.close(),
  };
};
