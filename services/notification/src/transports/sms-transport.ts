import type { SmsTransport } from '../domain/ports.js';
import { createSmsFileTransport } from './sms-file-transport.js';
import { createSmsWebhookTransport, type SmsWebhookSettings } from './sms-webhook-transport.js';

export interface SmsSettings {
  /** Set: post each text message to this provider. Unset: write .sms.txt files to `directory`. */
  webhook?: SmsWebhookSettings | undefined;
  directory: string;
}

export const createSmsTransport = async (settings: SmsSettings): Promise<SmsTransport> =>
  settings.webhook
    ? createSmsWebhookTransport(settings.webhook)
    : await createSmsFileTransport(settings.directory);
