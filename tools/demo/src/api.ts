import { type ApiResponse, jsonCall } from '@shop/platform/http';

/** A JSON call through the gateway; the problem+json of a failure is returned, not thrown. */
export type Call = <T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: { token?: string | undefined; body?: unknown; headers?: Record<string, string> },
) => Promise<ApiResponse<T>>;

export const gatewayClient =
  (baseUrl: string): Call =>
  async <T>(method: string, path: string, options = {}) =>
    await jsonCall<T>(`${baseUrl}${path}`, method, options);

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
