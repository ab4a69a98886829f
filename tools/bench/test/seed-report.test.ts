import { describe, expect, it } from 'vitest';
import { sideBySide } from '../src/compare.js';
import { type BenchResult, toMarkdown } from '../src/report.js';

const fresh: BenchResult = {
  startedAt: '2026-06-01T10:00:00.000Z',
  machine: { cpus: 2, node: 'v24.0.0' },
  idle: { seconds: 5, total: 4, perProcess: { 'order-service': 1 } },
};
const seeded: BenchResult = {
  ...fresh,
  startedAt: '2026-06-01T11:00:00.000Z',
  seeded: { holds: 100_000, orders: 100_000, notifications: 100_000, seconds: 300 },
  idle: { seconds: 5, total: 6, perProcess: { 'order-service': 2 } },
};

describe('report of a seeded run', () => {
  it('when a run was seeded, then its result says what was stored before it at the top', () => {
    const lines = toMarkdown(seeded).split('\n');
    expect(lines[2]).toBe(
      "Stored before the run: 100,000 holds, 100,000 orders, 100,000 notifications (BENCH_SEED_ROWS, on the bench's stores made empty first).",
    );
    expect(toMarkdown(fresh).split('\n')[2]).toMatch(/^Stored before the run: nothing seeded/);
  });

  it('when a fresh run is set beside a seeded one, then both stored states and the ratio are shown', () => {
    const markdown = sideBySide(fresh, seeded);
    expect(markdown).toContain('- baseline, stored before the run: nothing seeded');
    expect(markdown).toContain('- current, stored before the run: 100,000 holds');
    expect(markdown).toContain('| idle CPU, whole stack (% of one core) | 4 | 6 | 150 % |');
  });
});
