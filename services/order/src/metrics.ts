import { Gauge, Histogram, type Registry } from 'prom-client';
import type { SagaMetrics, SagaStage } from './domain/ports.js';

const STAGES: readonly SagaStage[] = [
  'created_to_paid',
  'paid_to_completed',
  'created_to_completed',
];

/** `saga_stage_duration_seconds{stage}`: how long orders take from created to paid to completed. */
export const sagaMetrics = (registry: Registry): SagaMetrics => {
  const stages = new Histogram({
    name: 'saga_stage_duration_seconds',
    help: 'Time between saga milestones of an order, from its own timestamps',
    labelNames: ['stage'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
    registers: [registry],
  });
  // Exported at zero from the start: Prometheus' increase() then counts a stage's first order
  // too (a series that appears at 1 shows no increase), which the alert rules rely on.
  for (const stage of STAGES) stages.zero({ stage });
  return { stageReached: (stage, seconds) => stages.observe({ stage }, Math.max(0, seconds)) };
};

/**
 * `orders_paid_oldest_age_seconds`: how long the oldest order still PAID has been (0: none),
 * from the last refresh of the PAID index (jobs/paid-age.ts) and the clock at the scrape. Set
 * the oldest payment time with the function returned.
 */
export const paidAgeGauge = (registry: Registry, now: () => Date) => {
  let oldestPaidAt: Date | null = null;
  new Gauge({
    name: 'orders_paid_oldest_age_seconds',
    help: 'Seconds since the oldest order still PAID was paid (0 when none), refreshed every PAID_AGE_REFRESH_MS',
    registers: [registry],
    collect() {
      this.set(oldestPaidAt ? Math.max(0, (now().getTime() - oldestPaidAt.getTime()) / 1000) : 0);
    },
  });
  return (paidAt: Date | null) => {
    oldestPaidAt = paidAt;
  };
};
