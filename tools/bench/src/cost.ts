import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchConfig } from './config.js';
import { costPerOrder, cpuBetween, type IdleCpu, measureIdle, sampleCpu } from './cpu.js';
import type { Fixtures } from './fixtures.js';
import { probeHost } from './host-probe.js';
import type { Http } from './http.js';
import { benchSaga } from './saga.js';

// What the services still do once the consumers caught up (a relay's last pass, an email being
// written) is counted too: the window ends a few seconds after the lag reached zero.
const TAIL_SECONDS = 3;
/**
 * The saga at `BENCH_WARMUP_RATE` for `BENCH_WARMUP_SECONDS` before parts i and e: a stack that
 * runs for days has long compiled its hot paths, so CPU per order is measured on a stack that
 * has too (both sides of a BENCH_BASELINE run get the same). Returns the orders completed.
 */
export const warmUp = async (http: Http, config: BenchConfig, fixtures: Fixtures) => {
  const { rate, seconds } = config.warmUp;
  const run = await benchSaga(http, config, fixtures, rate, seconds);
  return { rate, seconds, completed: run.total.count };
};

/**
 * i. CPU of every process of the stack while nothing is asked of it, once it has been left
 * alone for `BENCH_IDLE_QUIET_SECONDS`.
 */
export const benchIdle = async (config: BenchConfig): Promise<IdleCpu> => {
  await sleep(config.idleQuietSeconds * 1_000);
  const idle = await measureIdle(config.processes, config.ticksPerSecond, config.idleSeconds);
  return { ...idle, quietSeconds: config.idleQuietSeconds };
};

/**
 * e. CPU per completed saga order, per process: the saga at a low fixed rate (nothing queues,
 * so this is the cost of the work and not of contention), idle subtracted. The host's speed is
 * probed before and after (host-probe.ts), so a comparison can tell the host's share.
 */
export const benchCost = async (
  http: Http,
  config: BenchConfig,
  fixtures: Fixtures,
  idle: IdleCpu,
  settle: () => Promise<void>,
) => {
  const { rate, seconds } = config.cost;
  const probedBefore = probeHost();
  const before = await sampleCpu(config.processes, config.ticksPerSecond);
  const started = performance.now();
  const run = await benchSaga(http, config, fixtures, rate, seconds);
  await settle();
  await sleep(TAIL_SECONDS * 1_000);
  const after = await sampleCpu(config.processes, config.ticksPerSecond);
  const window = (performance.now() - started) / 1_000;
  const hostProbe = { before: probedBefore, after: probeHost() };
  return {
    ...costPerOrder(cpuBetween(before, after), window, idle, {
      rate,
      seconds,
      completed: run.total.count,
    }),
    saga: run,
    hostProbe,
    hostProbeMs: Math.round(((hostProbe.before + hostProbe.after) / 2) * 10) / 10,
  };
};
