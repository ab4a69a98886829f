import type { MailTransport } from '../domain/ports.js';
import { createFileTransport } from './file-transport.js';
import { createSmtpTransport } from './smtp-transport.js';

export interface MailSettings {
  from: string;
  /** Set: send through this SMTP server. Unset: write .eml files to `directory`. */
  smtpUrl?: string | undefined;
  directory: string;
}

export const createMailTransport = async (settings: MailSettings): Promise<MailTransport> =>
  settings.smtpUrl
    ? createSmtpTransport(settings.smtpUrl, settings.from)
    : await createFileTransport(settings.directory, settings.from);
