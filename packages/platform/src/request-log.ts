import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { inRequestContext } from './http-tracing.js';

/**
 * One log line per request, written when it completes: method, route pattern, path (never the
 * query string, which may carry search terms or tokens), status and duration, with the request
 * id Fastify binds to `request.log`. Bodies and headers are never logged. The line is written
 * after the reply, outside the handler's context: it is written in the request's trace context,
 * so the logger's mixin adds its `traceId` like on every other line of the request.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    inRequestContext(request, () =>
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url,
          url: request.url.split('?')[0],
          statusCode: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request',
      ),
    );
  }
}
