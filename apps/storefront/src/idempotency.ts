import { ApiError, NetworkError } from './api/client';

/** A v4 UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost), so a
 * shop opened over plain http on a LAN address builds one from getRandomValues instead. */
export const newIdempotencyKey = (): string => {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * Whether the outcome of a request is unknown, so that repeating it must reuse its key: no
 * answer at all, a gateway/server failure, or the service still working on the first try.
 */
export const outcomeUnknown = (error: unknown): boolean =>
  error instanceof NetworkError ||
  (error instanceof ApiError &&
    (error.status >= 500 || error.problem.code === 'request-in-progress'));

/**
 * One key per attempt. An attempt stays open while its outcome is unknown: sending the same
 * request again reuses the key, so the service replays the first answer instead of charging
 * (or ordering) twice. Any real answer closes it; the next click is a new attempt.
 */
export class AttemptKeys {
  private open: { key: string; request: string } | null = null;

  /** The key for this request (compared as JSON; held in memory only, never stored). */
  keyFor(request: unknown): string {
    const text = JSON.stringify(request);
    if (this.open?.request !== text) this.open = { key: newIdempotencyKey(), request: text };
    return this.open.key;
  }

  /** Call with the error of a failed send, or nothing after an answer. */
  settle(error?: unknown): void {
    if (error === undefined || !outcomeUnknown(error)) this.open = null;
  }
}
