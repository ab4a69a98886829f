import proxy from '@fastify/http-proxy';
import { PROBLEM_CONTENT_TYPE } from '@shop/contracts';
import { type ServiceApp, traceHeaders } from '@shop/platform';
import type { GatewayConfig } from '../config.js';
import { PUBLIC_ROUTES, SERVICE_NAMES } from '../domain/routes.js';

/**
 * Every public route forwarded unchanged (path, query, body, Authorization) to the service that
 * owns it, with the gateway's request id and trace context, so one id and one trace follow the
 * request through every log and service. An unreachable service is a 503 problem naming it,
 * never a hanging or blank answer.
 */
export const registerProxies = async (app: ServiceApp, services: GatewayConfig['services']) => {
  for (const { prefix, service } of PUBLIC_ROUTES) {
    const name = SERVICE_NAMES[service];
    await app.register(proxy, {
      upstream: services[service],
      prefix,
      rewritePrefix: prefix,
      // One log line per request (request-log.ts), not three.
      disableRequestLogging: true,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({
          ...headers,
          'x-request-id': request.id,
          'x-forwarded-for': request.ip,
          // The service's span becomes a child of the gateway's (replacing the client's header).
          ...(request.traceContext ? traceHeaders(request.traceContext) : {}),
        }),
        onError: (reply, { error }) => {
          reply.log.warn({ err: error, service: name }, 'upstream failed');
          void reply
            .status(503)
            .type(PROBLEM_CONTENT_TYPE)
            .send({
              type: '/problems/service-unavailable',
              title: 'Service Unavailable',
              status: 503,
              code: 'service-unavailable',
              detail: `${name} is unavailable; try again`,
            });
        },
      },
    });
  }
};
