import { PROBLEM_CONTENT_TYPE, Problem } from '@shop/contracts';
import { UnavailableError } from '../errors.js';
import { type BaseUrls, type UpstreamOptions, upstreams } from '../upstreams.js';
import { type CircuitBreaker, type CircuitBreakers, circuitBreaker } from './circuit-breaker.js';

/** A contract schema (zod's `parse`), so the client needs nothing else of zod. */
export interface ResponseSchema<T> {
  parse(value: unknown): T;
}

/** Returns a SERVICE token (see `serviceTokenProvider`). */
export type TokenSource = () => Promise<string>;

export interface ServiceClientOptions {
  /** How long one call may take, the answer's body included. */
  timeoutMs: number;
  /** A SERVICE token for every call that does not pass the caller's own credentials. */
  token?: TokenSource;
  /** The service's breakers; the collaborator's is taken from them (a private one otherwise). */
  breakers?: CircuitBreakers;
  upstreams?: UpstreamOptions;
}

export interface CallOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The caller's own `Authorization` header, sent instead of the SERVICE token. */
  authorization?: string;
  /** The contract of a 2xx answer; without one the answer's body is not read as a value. */
  response?: ResponseSchema<T>;
  timeoutMs?: number;
}

/**
 * The collaborator refused the call with a 4xx: the status it `answered` and its problem
 * document (null when the body is not `application/problem+json` satisfying the Problem
 * contract). The error's own `status` stays 503 until a caller maps it. A caller maps
 * the refusals that mean something to it (a 409 with short lines, a 422, ...); one it does not
 * map stays what it is for our own caller: a collaborator that will not do what we need, 503.
 */
export class ServiceRefusedError extends UnavailableError {
  constructor(
    readonly service: string,
    readonly answered: number,
    readonly problem: Problem | null,
  ) {
    super(`${service} answered ${answered}; try again`);
  }
}

/** Whether `error` is a refusal with one of `statuses` (any 4xx when none are given). */
export const isRefusal = (error: unknown, ...statuses: number[]): error is ServiceRefusedError =>
  error instanceof ServiceRefusedError &&
  (statuses.length === 0 || statuses.includes(error.answered));

/** Calls to one collaborator (see `serviceClient`). */
export interface ServiceClient {
  readonly service: string;
  readonly breaker: CircuitBreaker;
  /** The parsed 2xx answer (undefined without `response`); every other outcome throws. */
  call<T = undefined>(path: string, options?: CallOptions<T>): Promise<T>;
  /** Like `call`, but a 404 answers null (a look-up of something that may not exist). */
  find<T>(
    path: string,
    options: CallOptions<T> & { response: ResponseSchema<T> },
  ): Promise<T | null>;
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const NOT_FOUND = Symbol('not found');

/**
 * How this service calls another: the SERVICE token (or the caller's bearer), JSON in and
 * out, a deadline per call covering the answer's body, failover over the replicas and a CLIENT
 * span per attempt (`upstreams`, `tracedRequest`), and the collaborator's circuit breaker.
 * Outcomes: a 2xx is parsed with the contract; a 404 is null where asked (`find`); another 4xx
 * is a `ServiceRefusedError` carrying the problem; no answer, a timeout or a 5xx is an
 * `UnavailableError` (503) naming the collaborator, and counts against its breaker; while the
 * breaker is open, calls fail at once with `CircuitOpenError` (503 with Retry-After).
 */
export const serviceClient = (
  /** The collaborator, e.g. `item-service`: named in every error, and the breaker's name. */
  service: string,
  /** Its base URL, or its replicas' (see `upstreams`). */
  baseUrl: BaseUrls,
  options: ServiceClientOptions,
): ServiceClient => {
  const { timeoutMs } = options;
  const replicas = upstreams(baseUrl, options.upstreams);
  const breaker = options.breakers?.for(service) ?? circuitBreaker(service);

  const headersOf = async (call: CallOptions<unknown>) => {
    const authorization =
      call.authorization ?? (options.token ? `Bearer ${await options.token()}` : undefined);
    return {
      ...call.headers,
      ...(authorization ? { authorization } : {}),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
  };

  /** Sends the call and reads the whole answer within the deadline; throws if none came. */
  const send = async (path: string, call: CallOptions<unknown>): Promise<Answer> => {
    const headers = await headersOf(call);
    const limitMs = call.timeoutMs ?? timeoutMs;
    const signal = AbortSignal.timeout(limitMs);
    try {
      return await breaker.run(
        async () => {
          const { status, contentType, text } = await replicas.request(path, {
            method: call.method ?? 'GET',
            headers,
            body: call.body === undefined ? null : JSON.stringify(call.body),
            signal,
          });
          return { status, contentType, text };
        },
        (answer) => answer.status >= 500,
      );
    } catch (error) {
      if (error instanceof UnavailableError) throw error;
      const timedOut = signal.aborted;
      throw new UnavailableError(
        timedOut
          ? `${service} did not answer within ${limitMs} ms; try again`
          : `${service} is unreachable; try again`,
        { cause: error },
      );
    }
  };

  const outcome = <T>(answer: Answer, call: CallOptions<T>, nullOnNotFound: boolean) => {
    const { status } = answer;
    if (status >= 200 && status < 300)
      return call.response ? call.response.parse(JSON.parse(answer.text)) : (undefined as T);
    if (status === 404 && nullOnNotFound) return NOT_FOUND;
    if (status >= 400 && status < 500)
      throw new ServiceRefusedError(service, status, problemOf(answer));
    throw new UnavailableError(`${service} answered ${status}; try again`);
  };

  return {
    service,
    breaker,
    call: async <T>(path: string, call: CallOptions<T> = {}) =>
      outcome(await send(path, call), call, false) as T,
    find: async (path, call) => {
      const result = outcome(await send(path, call), call, true);
      return result === NOT_FOUND ? null : result;
    },
  };
};

const problemOf = ({ contentType, text }: Answer): Problem | null => {
  if (!contentType.startsWith(PROBLEM_CONTENT_TYPE)) return null;
  try {
    return Problem.safeParse(JSON.parse(text)).data ?? null;
  } catch {
    return null;
  }
};
