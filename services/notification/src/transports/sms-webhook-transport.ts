import { createHmac } from 'node:crypto';
import { TransientError } from '@shop/platform/failures';
import { PermanentDeliveryError, type SmsTransport } from '../domain/ports.js';

export interface SmsWebhookSettings {
  url: string;
  /** Signs each request, so the provider knows it is ours. */
  secret: string;
  timeoutMs: number;
}

/** `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`), as the provider checks it. */
export const signSmsWebhook = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** A provider that may answer differently later: timeouts, throttling, its own failures. */
const isRetryable = (status: number) => status === 408 || status === 429 || status >= 500;

const postOnce = async (settings: SmsWebhookSettings, body: string, id: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    return await fetch(settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // The provider folds a resend (a worker died before recording the send) into one SMS.
        'idempotency-key': id,
        'x-shop-timestamp': timestamp,
        'x-shop-signature': signSmsWebhook(settings.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    throw new TransientError(`SMS provider unreachable: ${(error as Error).message}`, {
      cause: error,
    });
  }
};

/**
 * Text messages through an SMS provider's HTTP webhook: one signed JSON POST
 * `{id, to, text}` per message. 2xx is accepted; a timeout, no answer, 408, 429 or 5xx is a
 * failed attempt the delivery worker retries with backoff; any other 4xx is permanent (the
 * provider refuses that number or message), so the text message is FAILED at once.
 */
export const createSmsWebhookTransport = (settings: SmsWebhookSettings): SmsTransport => ({
  send: async ({ id, to, text }) => {
    const response = await postOnce(settings, JSON.stringify({ id, to: to.phone, text }), id);
    // Read (and so release) the body whatever the answer; only its status matters.
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    if (response.ok) return;
    const message = `SMS provider answered ${response.status}: ${answer}`;
    if (isRetryable(response.status)) throw new TransientError(message);
    throw new PermanentDeliveryError(message);
  },
  close: async () => undefined,
});
