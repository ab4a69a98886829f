import { mkdir } from 'node:fs/promises';
import type { SmsTransport } from '../domain/ports.js';
import { writeAtomically } from './atomic-file.js';

/**
 * Development and test delivery of text messages: each becomes `<notificationId>.sms.txt`
 * beside the `.eml` files, with a `To:` line, a blank line and the text. A resend replaces the
 * file with the same content.
 */
export const createSmsFileTransport = async (directory: string): Promise<SmsTransport> => {
  await mkdir(directory, { recursive: true });
  return {
    send: async (message) => {
      // Notification ids are event ids, validated as UUIDs: safe as file names.
      await writeAtomically(
        directory,
        `${message.id}.sms.txt`,
        `To: ${message.to.phone}\n\n${message.text}\n`,
      );
    },
    close: async () => undefined,
  };
};
