import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sagaMetrics } from '../src/metrics.js';

const countOf = async (registry: Registry, stage: string) => {
  const text = await registry.metrics();
  const line = text
    .split('\n')
    .find((entry) => entry.startsWith(`saga_stage_duration_seconds_count{stage="${stage}"}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
};

describe('saga stage metrics', () => {
  it('when no order has reached a stage yet, then every stage is exported at zero', async () => {
    const registry = new Registry();
    sagaMetrics(registry);

    for (const stage of ['created_to_paid', 'paid_to_completed', 'created_to_completed'])
      expect(await countOf(registry, stage)).toBe(0);
  });

  it('when an order reaches a stage, then only that stage counts it', async () => {
    const registry = new Registry();
    sagaMetrics(registry).stageReached('created_to_paid', 2.5);

    expect(await countOf(registry, 'created_to_paid')).toBe(1);
    expect(await countOf(registry, 'paid_to_completed')).toBe(0);
  });
});
