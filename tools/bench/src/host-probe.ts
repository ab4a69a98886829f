import { execFileSync } from 'node:child_process';

/**
 * How fast the host is right now: the CPU time of a fixed piece of JavaScript work (JSON
 * written and read back, as the services do all day), the least of five tries so the first
 * try's compilation does not count. Two sides of a BENCH_BASELINE run are minutes apart, and on
 * a shared host the same code has read 40 % slower in one side's window than in the other's
 * (docs/performance.md, 2026-12-02 16:42); the probe, taken before and after each side's part e,
 * says how much of a difference in CPU per order is the host's. The work runs in a fresh Node
 * process, so nothing the bench's own process did before (its heap, its compiled code) counts.
 */
const PROBE = `
const document = Array.from({ length: 2000 }, (_, index) => ({
  id: 'item-' + index, name: 'Product number ' + index, unitPrice: index * 37, tags: ['probe', String(index % 7)],
}));
let least = Infinity;
for (let attempt = 0; attempt < 5; attempt += 1) {
  const before = process.cpuUsage();
  let length = 0;
  for (let round = 0; round < 30; round += 1) length += JSON.parse(JSON.stringify(document)).length;
  if (length !== 60000) throw new Error('host probe: wrong result');
  const spent = process.cpuUsage(before);
  least = Math.min(least, (spent.user + spent.system) / 1000);
}
process.stdout.write(String(least));
`;

/** CPU ms of the fixed work in a fresh process, the least of five tries (lower: a faster host). */
export const probeHost = () => {
  const least = Number(execFileSync(process.execPath, ['-e', PROBE], { encoding: 'utf8' }));
  if (!Number.isFinite(least) || least <= 0) throw new Error(`host probe read ${least}`);
  return Math.round(least * 10) / 10;
};

/**
 * `current` CPU per order as if measured on the baseline's host: scaled by how much faster or
 * slower the host read in the baseline's window (the probes' ratio). Undefined without probes.
 */
export const atBaselineHostSpeed = (
  current: { total: number; hostProbeMs?: number | undefined } | undefined,
  baseline: { hostProbeMs?: number | undefined } | undefined,
) =>
  current?.hostProbeMs && baseline?.hostProbeMs
    ? Math.round(((current.total * baseline.hostProbeMs) / current.hostProbeMs) * 10) / 10
    : undefined;
