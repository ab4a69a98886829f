import { describe, expect, it } from 'vitest';
import { sideBySide } from '../src/compare.js';
import { costPerOrder, cpuBetween, parseProcesses, sampleCpu, ticksFromStat } from '../src/cpu.js';
import type { BenchResult } from '../src/report.js';
import { medianRound, parseWrk } from '../src/wrk.js';

// A /proc/<pid>/stat line whose command name holds a space and a parenthesis.
const STAT = '4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0';

describe('the stack CPU measures', () => {
  it('when a stat line is read, then utime and stime are counted after the command name', () => {
    expect(ticksFromStat(STAT)).toBe(1234 + 567);
  });

  it('when this process is sampled twice around some work, then the CPU it spent shows', async () => {
    const processes = parseProcesses([`bench=${process.pid}`, 'gone=999999999', 'bad']);
    expect(processes.map((entry) => entry.name)).toEqual(['bench', 'gone']);
    const before = await sampleCpu(processes, 100);
    const until = performance.now() + 100;
    while (performance.now() < until) Math.sqrt(Math.random());
    const spent = cpuBetween(before, await sampleCpu(processes, 100));
    expect(spent.get('bench')).toBeGreaterThanOrEqual(50);
    expect(spent.get('gone')).toBeNaN();
  });

  it('when the cost per order is computed, then each process pays its idle share first', () => {
    const idle = { seconds: 20, perProcess: { kafka: 5, order: 1 }, total: 6 };
    // 40 s window: kafka idles 2,000 ms, order 400 ms.
    const spent = new Map([
      ['kafka', 4_000],
      ['order', 300],
    ]);
    const cost = costPerOrder(spent, 40, idle, { rate: 2, seconds: 30, completed: 40 });
    expect(cost.perProcess).toEqual({ kafka: 50, order: 0 });
    expect(cost.total).toBe(50);
  });

  it("when wrk's report is read, then its rate and every kind of error are kept", () => {
    const report = [
      '  2 threads and 64 connections',
      '  Socket errors: connect 0, read 2, write 0, timeout 3',
      '  Non-2xx or 3xx responses: 7',
      'Requests/sec:  12512.40',
    ].join('\n');
    expect(parseWrk(report)).toEqual({ throughput: 12_512, errors: 12 });
  });

  it("when wrk ran several rounds, then the median round's rate counts with every round's errors", () => {
    const rounds = [9_000, 14_000, 11_000].map((throughput, round) => ({
      throughput,
      errors: round,
    }));
    expect(medianRound(rounds)).toEqual({
      throughput: 11_000,
      errors: 3,
      rounds: [9_000, 14_000, 11_000],
    });
  });

  it('when two runs are compared, then each measure shows both and the ratio', () => {
    const run = (total: number, kafka: number): BenchResult => ({
      startedAt: 't',
      machine: { cpus: 2, node: 'v' },
      idle: { seconds: 20, perProcess: { kafka }, total },
    });
    const table = sideBySide(run(30, 5), run(6, 1));
    expect(table).toContain('| idle CPU, whole stack (% of one core) | 30 | 6 | 20 % |');
    expect(table).toContain('| idle %: kafka | 5 | 1 | 20 % |');
    expect(table).not.toContain('POST /orders');
  });
});
