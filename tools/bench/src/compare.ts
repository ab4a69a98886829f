import { atBaselineHostSpeed } from './host-probe.js';
import { type BenchResult, storedBefore, warmedUp } from './report.js';

type Row = [measure: string, baseline: number | undefined, current: number | undefined];

const ratio = (baseline: number | undefined, current: number | undefined) =>
  baseline !== undefined && current !== undefined && baseline > 0
    ? `${Math.round((current / baseline) * 100)} %`
    : '–';

const show = (value: number | undefined) => (value === undefined ? '–' : String(value));

const perProcessRows = (
  title: string,
  baseline: Record<string, number> | undefined,
  current: Record<string, number> | undefined,
): Row[] => {
  const names = [...new Set([...Object.keys(baseline ?? {}), ...Object.keys(current ?? {})])];
  return names.map((name) => [`${title}: ${name}`, baseline?.[name], current?.[name]]);
};

const catalogRows = (baseline: BenchResult, current: BenchResult): Row[] => {
  const targets = (current.catalog ?? baseline.catalog ?? []).map((row) => row.target);
  const find = (result: BenchResult, target: string) =>
    result.catalog?.find((row) => row.target === target);
  return targets.flatMap((target): Row[] => [
    [
      `${target}: max req/s (wrk)`,
      find(baseline, target)?.wrk?.throughput,
      find(current, target)?.wrk?.throughput,
    ],
    [
      `${target}: p99 ms at 500 req/s`,
      find(baseline, target)?.at500.p99,
      find(current, target)?.at500.p99,
    ],
  ]);
};

const largeCatalogRows = (baseline: BenchResult, current: BenchResult): Row[] =>
  (current.largeCatalog ?? baseline.largeCatalog ?? []).map((run) => [
    `${run.target} with ${run.items} items at ${run.rate} req/s: p99 ms`,
    baseline.largeCatalog?.find((other) => other.target === run.target)?.latency.p99,
    current.largeCatalog?.find((other) => other.target === run.target)?.latency.p99,
  ]);

/** Current CPU per order scaled to the baseline side's host speed, when both sides probed it. */
const adjustedCostRow = (baseline: BenchResult, current: BenchResult): Row => {
  const adjusted = atBaselineHostSpeed(current.cost, baseline.cost);
  return [
    'CPU per completed order at the baseline side’s host speed (ms)',
    adjusted === undefined ? undefined : baseline.cost?.total,
    adjusted,
  ];
};

/** Every measure both runs have, side by side, with current as a percentage of baseline. */
export const sideBySide = (baseline: BenchResult, current: BenchResult) => {
  const rows: Row[] = [
    ['idle CPU, whole stack (% of one core)', baseline.idle?.total, current.idle?.total],
    ...perProcessRows('idle %', baseline.idle?.perProcess, current.idle?.perProcess),
    ['CPU per completed order, whole stack (ms)', baseline.cost?.total, current.cost?.total],
    [
      'host probe during part e (CPU ms of fixed work; lower is faster)',
      baseline.cost?.hostProbeMs,
      current.cost?.hostProbeMs,
    ],
    adjustedCostRow(baseline, current),
    ...perProcessRows('CPU ms per order', baseline.cost?.perProcess, current.cost?.perProcess),
    ...catalogRows(baseline, current),
    ...largeCatalogRows(baseline, current),
    ['POST /orders at 100 req/s: p99 ms', baseline.orders?.p99, current.orders?.p99],
    [
      'highest POST /orders rate with p99 ≤ 250 ms (orders/s)',
      baseline.maxOrders?.maxSustainedRate,
      current.maxOrders?.maxSustainedRate,
    ],
    [
      'highest saga rate with p99 ≤ 1 s (orders/s)',
      baseline.maxSaga?.maxSustainedRate,
      current.maxSaga?.maxSustainedRate,
    ],
    ['saga at 50/s: p99 ms', baseline.saga?.total.p99, current.saga?.total.p99],
  ];
  const present = rows.filter(([, before, after]) => before !== undefined || after !== undefined);
  return [
    `# Side by side: baseline ${baseline.startedAt} / current ${current.startedAt}`,
    '',
    'Same machine, same bench tool, each side started at the time above; current as a percentage of baseline.',
    '',
    `- baseline, stored before the run: ${storedBefore(baseline)}`,
    `- current, stored before the run: ${storedBefore(current)}`,
    `- baseline, before parts i and e: ${warmedUp(baseline)}`,
    `- current, before parts i and e: ${warmedUp(current)}`,
    '',
    '| measure | baseline | current | current / baseline |',
    '| --- | --: | --: | --: |',
    ...present.map(
      ([measure, before, after]) =>
        `| ${measure} | ${show(before)} | ${show(after)} | ${ratio(before, after)} |`,
    ),
    '',
  ].join('\n');
};
