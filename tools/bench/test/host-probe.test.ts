import { describe, expect, it } from 'vitest';
import { sideBySide } from '../src/compare.js';
import { atBaselineHostSpeed, probeHost } from '../src/host-probe.js';
import { type BenchResult, toMarkdown } from '../src/report.js';

const saga = {
  rate: 2,
  seconds: 60,
  total: { count: 120, p50: 200, p95: 300, p99: 400, errors: 0 },
  stages: {},
} as unknown as NonNullable<BenchResult['cost']>['saga'];

const side = (startedAt: string, total: number, hostProbeMs?: number): BenchResult => ({
  startedAt,
  machine: { cpus: 2, node: 'v24.0.0' },
  cost: {
    rate: 2,
    seconds: 60,
    completed: 120,
    perProcess: { cassandra: total },
    total,
    saga,
    ...(hostProbeMs ? { hostProbe: { before: hostProbeMs, after: hostProbeMs }, hostProbeMs } : {}),
  },
});

describe('the host probe', () => {
  it('when the host is probed twice, then both read a positive time of the same order', () => {
    const [first, second] = [probeHost(), probeHost()];
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect(Math.max(first, second) / Math.min(first, second)).toBeLessThan(3);
  });

  it('when the current side’s host read 1.5× slower, then its CPU per order is scaled down by as much', () => {
    expect(atBaselineHostSpeed({ total: 150, hostProbeMs: 30 }, { hostProbeMs: 20 })).toBe(100);
    expect(atBaselineHostSpeed({ total: 150 }, { hostProbeMs: 20 })).toBeUndefined();
  });

  it('when both sides probed, then the side by side shows the probes and the scaled cost; without, neither', () => {
    const probed = sideBySide(
      side('2026-12-02T16:00:00Z', 116.7, 20),
      side('2026-12-02T16:05:00Z', 165, 28),
    );
    expect(probed).toContain(
      '| host probe during part e (CPU ms of fixed work; lower is faster) | 20 | 28 | 140 % |',
    );
    expect(probed).toContain(
      '| CPU per completed order at the baseline side’s host speed (ms) | 116.7 | 117.9 | 101 % |',
    );
    const unprobed = sideBySide(
      side('2026-12-02T16:00:00Z', 116.7),
      side('2026-12-02T16:05:00Z', 165),
    );
    expect(unprobed).not.toContain('host probe');
    expect(unprobed).not.toContain('host speed');
  });

  it('when part e probed the host, then its report says what the probe read before and after', () => {
    expect(toMarkdown(side('2026-12-02T16:00:00Z', 116.7, 20))).toContain(
      'Host probe (CPU ms of a fixed piece of work; lower is a faster host): 20 before, 20 after.',
    );
  });
});
