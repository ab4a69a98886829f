import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** One process of the stack: an engine or a service, by the name infra/bench.sh gave it. */
export interface StackProcess {
  name: string;
  pid: number;
}

/** `name=pid,name=pid` as infra/bench.sh passes it (found by listening port). */
export const parseProcesses = (list: string[]): StackProcess[] =>
  list.flatMap((entry) => {
    const [name, pid] = entry.split('=');
    const parsed = Number(pid);
    return name && Number.isInteger(parsed) && parsed > 0 ? [{ name, pid: parsed }] : [];
  });

/**
 * utime + stime of a process in clock ticks, from /proc/<pid>/stat. The command name (field 2)
 * may hold spaces and parentheses, so fields are counted after its closing parenthesis:
 * utime and stime are fields 14 and 15 of the line, the 12th and 13th after the name.
 */
export const ticksFromStat = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

/** CPU time used so far by each process, in milliseconds; a process that is gone reads NaN. */
export const sampleCpu = async (processes: StackProcess[], ticksPerSecond: number) => {
  const sample = new Map<string, number>();
  for (const { name, pid } of processes) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      sample.set(name, (ticksFromStat(stat) * 1_000) / ticksPerSecond);
    } catch {
      sample.set(name, Number.NaN);
    }
  }
  return sample;
};

/** CPU milliseconds each process spent between two samples. */
export const cpuBetween = (before: Map<string, number>, after: Map<string, number>) =>
  new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? Number.NaN)]));

export interface IdleCpu {
  seconds: number;
  /** How long the stack had been left alone before the window (absent in older results). */
  quietSeconds?: number;
  /** Percent of one core, per process, and for the whole stack. */
  perProcess: Record<string, number>;
  total: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Percent of one core each process used over `seconds` with no requests sent. */
export const measureIdle = async (
  processes: StackProcess[],
  ticksPerSecond: number,
  seconds: number,
): Promise<IdleCpu> => {
  const before = await sampleCpu(processes, ticksPerSecond);
  const started = performance.now();
  await sleep(seconds * 1_000);
  const after = await sampleCpu(processes, ticksPerSecond);
  const elapsed = (performance.now() - started) / 1_000;
  const perProcess: Record<string, number> = {};
  let total = 0;
  for (const [name, ms] of cpuBetween(before, after)) {
    const percent = ms / elapsed / 10;
    perProcess[name] = round1(percent);
    if (Number.isFinite(percent)) total += percent;
  }
  return { seconds: round1(elapsed), perProcess, total: round1(total) };
};

export interface CostPerOrder {
  rate: number;
  seconds: number;
  completed: number;
  /** CPU ms per completed order, per process and in all, with the idle share subtracted. */
  perProcess: Record<string, number>;
  total: number;
}

/**
 * CPU per completed order: each process's CPU over the window (the run and the settling after
 * it, so the work an order leaves behind counts), minus what it spends idle over the same time.
 */
export const costPerOrder = (
  spent: Map<string, number>,
  windowSeconds: number,
  idle: IdleCpu,
  run: { rate: number; seconds: number; completed: number },
): CostPerOrder => {
  const perProcess: Record<string, number> = {};
  let total = 0;
  const orders = Math.max(run.completed, 1);
  for (const [name, ms] of spent) {
    const idleMs = ((idle.perProcess[name] ?? 0) * 10 * windowSeconds) as number;
    const perOrder = Math.max(ms - idleMs, 0) / orders;
    perProcess[name] = round1(perOrder);
    if (Number.isFinite(perOrder)) total += perOrder;
  }
  return { ...run, perProcess, total: round1(total) };
};
