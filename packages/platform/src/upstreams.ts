import type { Dispatcher } from 'undici';
import { type OutgoingRequest, tracedRequest } from './http-tracing.js';

/**
 * Where a service answers: one base URL, or the base URLs of its replicas, comma-separated as
 * in the environment (`ITEM_SERVICE_URL=http://127.0.0.1:8081,http://127.0.0.1:8181`).
 */
export type BaseUrls = string | readonly string[];

/** The base URLs of `urls`, without blanks and trailing slashes. */
export const baseUrlsOf = (urls: BaseUrls): string[] => {
  const bases = (typeof urls === 'string' ? urls.split(',') : [...urls])
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (bases.length === 0) throw new Error('no base URL given');
  return bases;
};

/**
 * How a call failed for want of a connection, when it did (null otherwise):
 * - `not-sent`: no connection was made (refused, unreachable, connect timeout); the request
 *   cannot have reached the replica.
 * - `no-response`: the connection broke (reset, closed) or gave no response in time before any
 *   byte of an answer came; the replica may have received the request.
 */
export type ConnectionFailure = 'not-sent' | 'no-response';

const NOT_SENT = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NO_RESPONSE = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'FIRST_BYTE_TIMEOUT',
]);

/** The replica gave no response within the first-byte timeout (see `UpstreamOptions`). */
export class NoResponseError extends Error {
  readonly code = 'FIRST_BYTE_TIMEOUT';
  constructor(base: string, ms: number) {
    super(`${base} sent no response within ${ms} ms`);
    this.name = 'NoResponseError';
  }
}

const MAX_CAUSE_DEPTH = 5;

/** Looks at the error and its causes (a socket error may come wrapped in `cause`). */
export const connectionFailure = (error: unknown): ConnectionFailure | null => {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Object; depth += 1) {
    const { code, errors, cause } = current as {
      code?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && NOT_SENT.has(code)) return 'not-sent';
    if (typeof code === 'string' && NO_RESPONSE.has(code)) return 'no-response';
    // Several addresses tried at once (happy eyeballs): AggregateError of socket errors.
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return null;
};

export interface UpstreamOptions {
  /** How long a replica whose connection failed is left alone (default 5 s). */
  skipForMs?: number;
  /**
   * A GET or HEAD that got no response header within this long is tried on the next replica,
   * when there is one left to try (default 2 s). Writes wait for the caller's own deadline:
   * a slow replica may still be applying them.
   */
  firstByteTimeoutMs?: number;
  /**
   * `round-robin` (default) spreads calls over the replicas; `in-order` always starts with the
   * first healthy one (for answers cached per replica, such as a key set).
   */
  balance?: 'round-robin' | 'in-order';
  /** Until when each base is skipped; shared by every client of the process by default. */
  skipped?: Map<string, number>;
  now?: () => number;
}

/** One service's replicas as seen by a client: which to try, in which order. */
export interface Upstreams {
  readonly bases: readonly string[];
  /** The bases in the order one call tries them: the healthy ones, then the skipped ones. */
  order(): string[];
  /** The call could not reach `base`: leave it alone for a few seconds. */
  failed(base: string): void;
  /**
   * Runs `attempt` against one base after the other while it fails for want of a connection
   * (`connectionFailure`); any other outcome, an answer or an error, is the caller's.
   */
  run<T>(attempt: (base: string) => Promise<T>): Promise<T>;
  /**
   * `tracedRequest(base + path)` with the failover of `run`, then the whole body. A request that
   * may have reached a replica is sent to the next one too: send only requests that are safe to
   * repeat (reads, writes keyed by an id or an Idempotency-Key). `init.signal` bounds the whole
   * call, the body included; once an answer began, a failure reading it is the caller's.
   */
  request(path: string, init?: OutgoingRequest): Promise<UpstreamAnswer>;
}

/** A replica's whole answer. */
export interface UpstreamAnswer {
  status: number;
  /** A 2xx status. */
  ok: boolean;
  /** The `content-type` header ('' without one). */
  contentType: string;
  text: string;
  /** The body parsed as JSON. */
  json(): unknown;
}

/** Reads the body to its end: an unread body would hold its pooled connection. */
const readAnswer = async ({ statusCode, headers, body }: Dispatcher.ResponseData) => {
  const text = await body.text();
  const contentType = headers['content-type'];
  return {
    status: statusCode,
    ok: statusCode >= 200 && statusCode < 300,
    contentType: typeof contentType === 'string' ? contentType : '',
    text,
    json: () => JSON.parse(text) as unknown,
  };
};

const sharedSkips = new Map<string, number>();

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * The failover every service-to-service call uses: round robin over a service's replicas; a
 * replica whose connection was refused, reset or never answered is skipped for `skipForMs`
 * (passive health) and the call goes to the next one. When every replica is skipped they are
 * still tried, the one skipped longest first: a skip is a guess, never a refusal to try.
 */
export const upstreams = (urls: BaseUrls, options: UpstreamOptions = {}): Upstreams => {
  const bases = baseUrlsOf(urls);
  const {
    skipForMs = 5_000,
    firstByteTimeoutMs = 2_000,
    balance = 'round-robin',
    skipped = sharedSkips,
    now = Date.now,
  } = options;
  let turn = 0;

  const isSkipped = (base: string) => (skipped.get(base) ?? 0) > now();
  const order = () => {
    const start = balance === 'round-robin' ? turn++ % bases.length : 0;
    const rotated = [...bases.slice(start), ...bases.slice(0, start)];
    const healthy = rotated.filter((base) => !isSkipped(base));
    const resting = rotated
      .filter(isSkipped)
      .sort((a, b) => (skipped.get(a) ?? 0) - (skipped.get(b) ?? 0));
    return [...healthy, ...resting];
  };
  const failed = (base: string) => {
    skipped.set(base, now() + skipForMs);
  };

  const run = async <T>(attempt: (base: string, last: boolean) => Promise<T>): Promise<T> => {
    const candidates = order();
    for (const [index, base] of candidates.entries()) {
      const last = index === candidates.length - 1;
      try {
        const result = await attempt(base, last);
        skipped.delete(base);
        return result;
      } catch (error) {
        if (!connectionFailure(error)) throw error;
        failed(base);
        if (last) throw error;
      }
    }
    throw new Error('unreachable: a call always has a base to try');
  };

  const requestOnce = async (base: string, path: string, init: OutgoingRequest, last: boolean) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const limitMs = !last && SAFE_METHODS.has(method) ? firstByteTimeoutMs : undefined;
    const deadline = firstByteDeadline(init.signal, limitMs, base);
    try {
      return await tracedRequest(`${base}${path}`, { ...init, signal: deadline.signal });
    } catch (error) {
      // The caller's own deadline (or abort) ends the call; only ours moves on.
      throw deadline.timedOut() ?? error;
    } finally {
      deadline.responded();
    }
  };

  return {
    bases,
    order,
    failed,
    run: (attempt) => run((base) => attempt(base)),
    request: async (path, init = {}) =>
      await readAnswer(await run((base, last) => requestOnce(base, path, init, last))),
  };
};

/**
 * A signal that aborts with the caller's, or when no response header came within `limitMs`.
 * The limit ends once the response began: its body reads under the caller's deadline only.
 */
const firstByteDeadline = (
  callerSignal: AbortSignal | null | undefined,
  limitMs: number | undefined,
  base: string,
) => {
  if (limitMs === undefined)
    return { signal: callerSignal, timedOut: () => undefined, responded: () => undefined };
  const controller = new AbortController();
  const timeout = new NoResponseError(base, limitMs);
  const follow = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) follow();
  else callerSignal?.addEventListener('abort', follow, { once: true });
  const timer = setTimeout(() => controller.abort(timeout), limitMs);
  return {
    signal: controller.signal,
    timedOut: () => (controller.signal.reason === timeout ? timeout : undefined),
    responded: () => clearTimeout(timer),
  };
};
