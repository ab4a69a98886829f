import { describe, expect, it } from 'vitest';
import { sideBySide } from '../src/compare.js';
import { type BenchResult, toMarkdown } from '../src/report.js';

const cold: BenchResult = {
  startedAt: '2026-06-01T10:00:00.000Z',
  machine: { cpus: 2, node: 'v24.0.0' },
  idle: { seconds: 20, quietSeconds: 60, total: 5, perProcess: { cassandra: 2 } },
};
const warm: BenchResult = {
  ...cold,
  startedAt: '2026-06-01T11:00:00.000Z',
  warmUp: { rate: 8, seconds: 30, completed: 240 },
};

describe('report of the warm-up', () => {
  it('when the stack was warmed up, then the report says how, before the idle part', () => {
    const lines = toMarkdown(warm).split('\n');
    const said = lines.indexOf(
      'Before parts i and e: the saga at 8 orders/s for 30 s (240 orders).',
    );
    expect(said).toBeGreaterThan(0);
    expect(said).toBeLessThan(lines.findIndex((line) => line.startsWith('## i.')));
  });

  it('when it was not, then the report says so, and a run without parts i and e says nothing', () => {
    expect(toMarkdown(cold)).toContain('Before parts i and e: not warmed up.');
    const { idle: _, ...withoutIdle } = cold;
    expect(toMarkdown(withoutIdle)).not.toContain('Before parts i and e');
  });

  it('when two runs are set side by side, then each side says how it was warmed up', () => {
    const markdown = sideBySide(cold, warm);
    expect(markdown).toContain('- baseline, before parts i and e: not warmed up');
    expect(markdown).toContain(
      '- current, before parts i and e: the saga at 8 orders/s for 30 s (240 orders)',
    );
  });
});
