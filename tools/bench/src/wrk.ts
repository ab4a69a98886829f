import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface WrkResult {
  throughput: number;
  /** Non-2xx/3xx answers plus socket errors. */
  errors: number;
  /** Each round's requests/sec, when `throughput` is the median of several (`medianRound`). */
  rounds?: number[];
}

/**
 * One figure of several rounds: the median round's rate (wrk and the server share the machine's
 * cores, so one round moves with whatever else ran then) and every round's errors.
 */
export const medianRound = (results: WrkResult[]): WrkResult => {
  const rates = results.map((result) => result.throughput).sort((a, b) => a - b);
  return {
    throughput: rates[Math.floor((rates.length - 1) / 2)] ?? 0,
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    rounds: results.map((result) => result.throughput),
  };
};

/** Requests/sec and errors from wrk's report. */
export const parseWrk = (output: string): WrkResult => {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const socketErrors = socket ? socket.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0;
  return {
    throughput: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    errors: number(/Non-2xx or 3xx responses: (\d+)/) + socketErrors,
  };
};

// Each request takes one of the paths at random, like the Node client's random item ids.
const script = (paths: string[]) =>
  [
    `local paths = { ${paths.map((path) => JSON.stringify(path)).join(', ')} }`,
    'request = function() return wrk.format("GET", paths[math.random(#paths)]) end',
    '',
  ].join('\n');

/**
 * The most `origin` serves with wrk (C, two threads, 64 connections): a client that is not the
 * bottleneck, which the Node client is against a bare Fastify on a 2-core machine.
 */
export const wrkMax = async (
  wrk: string,
  origin: string,
  paths: string[],
  seconds: number,
): Promise<WrkResult> => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-wrk-'));
  try {
    const file = join(dir, 'paths.lua');
    await writeFile(file, script(paths));
    const { stdout } = await run(wrk, ['-t2', '-c64', `-d${seconds}s`, '-s', file, origin], {
      timeout: (seconds + 30) * 1_000,
    });
    return parseWrk(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
