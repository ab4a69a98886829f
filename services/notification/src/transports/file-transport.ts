import { mkdir } from 'node:fs/promises';
import { createTransport } from 'nodemailer';
import type { MailTransport } from '../domain/ports.js';
import { writeAtomically } from './atomic-file.js';
import { toMailOptions } from './message.js';

/**
 * Development and test delivery: each email becomes `<notificationId>.eml` (RFC 5322, as an
 * SMTP server would receive it) in `directory`. Written to a temporary file, flushed, then
 * renamed, so a reader never sees half a message; a resend replaces the file with the same one.
 */
export const createFileTransport = async (
  directory: string,
  from: string,
): Promise<MailTransport> => {
  await mkdir(directory, { recursive: true });
  // nodemailer composes the message (MIME parts, encodings, headers) without sending it.
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  return {
    send: async (mail) => {
      const info = await composer.sendMail(toMailOptions(from, mail));
      // Notification ids are event ids, validated as UUIDs: safe as file names.
      await writeAtomically(directory, `${mail.id}.eml`, info.message as Buffer);
    },
    close: async () => composer.close(),
  };
};
