/** A JSON call through the gateway; the problem+json of a failure is returned, not thrown. */
export interface ApiResponse<T> {
  status: number;
  body: T;
}

export type Call = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
) => Promise<ApiResponse<T>>;

export const gatewayClient =
  (baseUrl: string): Call =>
  async (method, path, { token, body, headers = {} } = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
  };

/** Fails with the problem's detail unless the call answered `expected`. */
export const expectStatus = <T>(response: ApiResponse<T>, expected: number, what: string): T => {
  if (response.status !== expected) {
    const detail =
      (response.body as { detail?: string } | null)?.detail ?? JSON.stringify(response.body);
    throw new Error(`${what}: ${response.status} ${detail}`);
  }
  return response.body;
};

export const signIn = async (call: Call, email: string, password: string) =>
  expectStatus(
    await call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      body: { email, password },
    }),
    200,
    `log in as ${email}`,
  ).accessToken;
