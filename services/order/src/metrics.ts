import { Histogram, type Registry } from 'prom-client';
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
