import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually } from '@shop/testing';

/** Where notification-service writes emails when no SMTP server is configured (.env). */
export const MAIL_DIR = process.env.NOTIFICATION_MAIL_DIR ?? '';

/** Undoes quoted-printable (soft line breaks, =XX bytes), enough to read a link in a message. */
const unquote = (raw: string) =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      ),
    'latin1',
  ).toString('utf8');

/** The .eml files (decoded) written to `to` whose subject is `subject`. */
const messagesTo = async (to: string, subject: string) => {
  const names = (await readdir(MAIL_DIR)).filter((name) => name.endsWith('.eml'));
  const messages: string[] = [];
  for (const name of names) {
    const raw = await readFile(join(MAIL_DIR, name), 'utf8').catch(() => '');
    if (raw.includes(`<${to}>`) && raw.includes(`Subject: ${subject}`)) messages.push(unquote(raw));
  }
  return messages;
};

/**
 * The token of the link (`/<page>#token=…`) in the email of `subject` to `to`, once it arrived;
 * with `count`, waits for that many such emails and reads the token of one not in `seen`.
 */
export const tokenFromEmail = async (
  to: string,
  subject: string,
  page: 'reset-password' | 'verify-email',
  seen: string[] = [],
) =>
  await eventually(
    async () => {
      const tokens = (await messagesTo(to, subject))
        .map((message) => new RegExp(`/${page}#token=([\\w-]+)`).exec(message)?.[1])
        .filter((token): token is string => token !== undefined && !seen.includes(token));
      return tokens[0];
    },
    { timeoutMs: 30_000, what: `the "${subject}" email to ${to}` },
  );
