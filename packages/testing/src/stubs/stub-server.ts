import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, Problem } from '@shop/contracts';

/** A contract schema (zod's parse and safeParse), so this file needs no zod of its own. */
export interface Schema<T = unknown> {
  parse(value: unknown): T;
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/** What a stubbed route is asked: path parameters, query, parsed body and headers. */
export interface StubRequest<Body = unknown> {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
  headers: IncomingMessage['headers'];
}

export interface StubAnswer {
  status: number;
  body?: unknown;
}

/**
 * One route of a collaborator, described by the contract: a request body schema (what our
 * service must send) and a response schema (what the real service answers). Bodies are parsed
 * with them on every call, so a stub can never drift from the real API: a wrong request is a
 * 400 the test sees, and a wrong canned answer throws in the test.
 */
export interface StubRoute<Body = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/api/v1/items/:id` style. */
  path: string;
  request?: Schema<Body>;
  response?: Schema;
  handle(request: StubRequest<Body>): StubAnswer | Promise<StubAnswer>;
}

export interface StubCall {
  method: string;
  path: string;
  body: unknown;
}

export interface StubServer {
  url: string;
  /** Every call received, in order (for asserting on what our service sent). */
  calls: StubCall[];
  close(): Promise<void>;
}

/** A route with typed body; `defineRoute` only helps inference. */
export const defineRoute = <Body>(route: StubRoute<Body>): StubRoute => route as StubRoute;

const matchPath = (pattern: string, path: string) => {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = got[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return null;
  }
  return params;
};

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
};

const send = (response: ServerResponse, { status, body }: StubAnswer) => {
  const problem = status >= 400;
  if (problem && body !== undefined) Problem.parse(body);
  response.writeHead(status, {
    'content-type': problem ? PROBLEM_CONTENT_TYPE : 'application/json',
  });
  response.end(body === undefined ? '' : JSON.stringify(body));
};

export const problem = (status: number, code: string, detail: string, extra = {}) => ({
  status,
  body: { type: `/problems/${code}`, title: code, status, code, detail, ...extra },
});

/** Finds the route, checks the request against the contract, runs it, checks its answer. */
const answer = async (routes: StubRoute[], request: IncomingMessage, url: URL, body: unknown) => {
  for (const route of routes) {
    const params = route.method === request.method ? matchPath(route.path, url.pathname) : null;
    if (!params) continue;
    const parsed = route.request
      ? route.request.safeParse(body)
      : { success: true as const, data: body };
    if (!parsed.success)
      return problem(
        400,
        'stub-contract',
        `request body breaks the contract: ${String(parsed.error)}`,
      );
    const given = await route.handle({
      params,
      query: url.searchParams,
      body: parsed.data,
      headers: request.headers,
    });
    if (given.status < 300 && route.response && given.body !== undefined)
      route.response.parse(given.body);
    return given;
  }
  return problem(404, 'not-found', `stub has no route ${request.method} ${url.pathname}`);
};

/** Starts a stub of a collaborator on a free loopback port. */
export const startStub = async (routes: StubRoute[]): Promise<StubServer> => {
  const calls: StubCall[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    readBody(request)
      .then(async (body) => {
        calls.push({ method: request.method ?? 'GET', path: url.pathname, body });
        send(response, await answer(routes, request, url, body));
      })
      .catch((error: unknown) => {
        // A canned answer that breaks the contract, or a body that is not JSON: loud, not silent.
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    calls,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
};
