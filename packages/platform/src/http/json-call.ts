/** What a JSON API answered: its status and parsed body (a problem+json too; never thrown). */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export interface JsonCallOptions {
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * One call to one of the shop's JSON APIs as a client outside the services sees it (the demo,
 * the end-to-end tests): bearer token, JSON body, the answer whatever its status. Services call
 * each other through `serviceClient`, which turns failures into domain errors instead.
 */
export const jsonCall = async <T = Record<string, unknown>>(
  url: string,
  method: string,
  { token, body, headers = {}, timeoutMs = 30_000 }: JsonCallOptions = {},
): Promise<ApiResponse<T>> => {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
};
