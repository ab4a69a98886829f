import type { Problem } from '@shop/contracts';
import { endSession, getSession, startSession } from '../auth/session';
import { fieldErrors, NETWORK_MESSAGE, problemMessage, toProblem } from './problem';

const BASE = '/api/v1';

/** A response with an error status: the problem document and a message ready to show. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Messages per form field (`email`, `paymentMethod.cardNumber`, …). */
  readonly fields: Record<string, string>;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problemMessage(problem, retryAfterSeconds));
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.fields = fieldErrors(problem);
  }
}

/** No response at all (offline, gateway down, DNS): safe to retry the same request. */
export class NetworkError extends Error {
  constructor() {
    super(NETWORK_MESSAGE);
    this.name = 'NetworkError';
  }
}

export type Query = Record<string, string | number | undefined | null>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

const urlOf = (path: string, query?: Query): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${BASE}${path}${search ? `?${search}` : ''}`;
};

const send = async (path: string, options: RequestOptions, token: string | undefined) => {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch(urlOf(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError();
  }
};

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // an HTML error page from a proxy: the status says enough
  }
};

const failure = async (response: Response): Promise<ApiError> => {
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    toProblem(response.status, await readJson(response)),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
};

// Refresh tokens rotate and reusing an old one revokes the whole family, so concurrent 401s
// must share one refresh call instead of each spending the same refresh token.
let refreshing: Promise<string | null> | null = null;

const refreshAccessToken = async (): Promise<string | null> => {
  const session = getSession();
  if (!session) return null;
  const response = await send(
    '/auth/refresh',
    {
      method: 'POST',
      body: { refreshToken: session.refreshToken },
    },
    undefined,
  );
  if (response.status === 400 || response.status === 401) {
    endSession('expired'); // revoked, expired or reused: only a new login helps
    return null;
  }
  if (!response.ok) throw await failure(response); // account-service trouble: keep the session
  const tokens = (await readJson(response)) as { accessToken: string; refreshToken: string };
  return startSession(tokens).accessToken;
};

const refreshOnce = (): Promise<string | null> => {
  refreshing ??= refreshAccessToken().finally(() => {
    refreshing = null;
  });
  return refreshing;
};

/**
 * Calls the API with the current access token. On a 401 the token is refreshed once and the
 * request repeated; if that fails too, the session ends and the app sends the user to log in.
 */
export const api = async <T>(path: string, options: RequestOptions = {}): Promise<T> => {
  const sentToken = getSession()?.accessToken;
  let response = await send(path, options, sentToken);
  if (response.status === 401 && sentToken) {
    // Another request may already have refreshed while this one was in flight.
    const current = getSession()?.accessToken;
    const token = current && current !== sentToken ? current : await refreshOnce();
    if (token) response = await send(path, options, token);
    if (response.status === 401) endSession('expired');
  }
  if (!response.ok) throw await failure(response);
  return (await readJson(response)) as T;
};

/** Calls that must not carry a token or trigger a refresh (login, register, logout). */
export const publicApi = async <T>(path: string, options: RequestOptions = {}): Promise<T> => {
  const response = await send(path, options, undefined);
  if (!response.ok) throw await failure(response);
  return (await readJson(response)) as T;
};

/**
 * The message to show for anything a call threw. API and network errors are written for
 * people; anything else is a bug whose text means nothing to a shopper, so it goes to the
 * console and the user gets a plain sentence.
 */
export const errorMessage = (error: unknown): string => {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  console.error(error);
  return 'Something went wrong on this page; reload it and try again.';
};
