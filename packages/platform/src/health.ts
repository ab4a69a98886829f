import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** A readiness check resolves when its dependency answers and rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<unknown>;

export interface HealthOptions {
  checks: Record<string, ReadinessCheck>;
  /** How long one check may take before it counts as failed. */
  timeoutMs?: number;
  /**
   * More to show beside the checks (the circuit breakers' states), which never makes the
   * service unready: a service whose collaborator is down still serves what it can.
   */
  details?: () => Record<string, unknown>;
}

const withTimeout = async (check: ReadinessCheck, timeoutMs: number) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** `GET /health/live` (the process answers) and `GET /health/ready` (its store and Kafka answer). */
export const health = fp<HealthOptions>(
  async (app: FastifyInstance, { checks, timeoutMs = 2_000, details }) => {
    const hide = { schema: { hide: true } };
    app.get('/health/live', hide, async () => ({ status: 'ok' }));
    app.get('/health/ready', hide, async (_request, reply) => {
      const entries = Object.entries(checks);
      const results = await Promise.allSettled(
        entries.map(async ([, check]) => await withTimeout(check, timeoutMs)),
      );
      const report = Object.fromEntries(
        entries.map(([name], index) => {
          const result = results[index];
          return [
            name,
            result?.status === 'rejected'
              ? `down: ${String(result.reason?.message ?? result.reason)}`
              : 'up',
          ];
        }),
      );
      const ready = results.every((result) => result.status === 'fulfilled');
      return await reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ok' : 'unavailable', checks: report, ...details?.() });
    });
  },
  { name: 'health' },
);
