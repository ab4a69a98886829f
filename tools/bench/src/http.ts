import { Pool } from 'undici';

/** Keep-alive connection pools per origin: the load generator must not be the bottleneck. */
export const createHttp = () => {
  const pools = new Map<string, Pool>();
  const poolOf = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 128, pipelining: 1 });
      pools.set(origin, pool);
    }
    return pool;
  };
  /** One request; resolves with the JSON body, rejects on a status other than `expect` (or one of them). */
  const call = async <T = unknown>(
    method: 'GET' | 'POST',
    url: string,
    {
      body,
      headers = {},
      expect = method === 'POST' ? 201 : 200,
    }: {
      body?: unknown;
      headers?: Record<string, string>;
      expect?: number | number[];
    } = {},
  ): Promise<T> => {
    const { origin, pathname, search } = new URL(url);
    const response = await poolOf(origin).request({
      method,
      path: `${pathname}${search}`,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (![expect].flat().includes(response.statusCode))
      throw new Error(
        `${method} ${pathname} answered ${response.statusCode}: ${text.slice(0, 200)}`,
      );
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    call,
    close: async () => await Promise.all([...pools.values()].map((pool) => pool.close())),
  };
};

export type Http = ReturnType<typeof createHttp>;
