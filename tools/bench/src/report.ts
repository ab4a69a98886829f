import type { CatalogRow } from './catalog.js';
import type { ListRun } from './catalog-list.js';
import type { CostPerOrder, IdleCpu, StackProcess } from './cpu.js';
import type { SagaHops } from './hops.js';
import type { SagaRun } from './saga.js';
import { describeSeeded, type Seeded } from './seed/seed.js';
import type { Summary } from './stats.js';
import type { RateRun } from './sweep.js';

export interface BenchResult {
  startedAt: string;
  /** `baseline` or `current` in a BENCH_BASELINE run. */
  label?: string;
  machine: { cpus: number; node: string };
  /** BENCH_SEED_ROWS: rows written into the services' stores before the parts ran. */
  seeded?: Seeded;
  processes?: StackProcess[];
  /** The saga run before parts i and e (absent in older results and with BENCH_WARMUP_SECONDS=0). */
  warmUp?: { rate: number; seconds: number; completed: number };
  idle?: IdleCpu;
  cost?: CostPerOrder & {
    saga: SagaRun;
    /** CPU ms of host-probe.ts's fixed work before and after part e (absent in older results). */
    hostProbe?: { before: number; after: number };
    hostProbeMs?: number;
  };
  /** Each part is absent when BENCH_PARTS left it out. */
  catalog?: CatalogRow[];
  largeCatalog?: ListRun[];
  orders?: Summary;
  maxOrders?: { runs: RateRun[]; maxSustainedRate: number };
  saga?: SagaRun;
  maxSaga?: { runs: SagaRun[]; maxSustainedRate: number };
}

const ms = (summary: Summary) => `${summary.p50} / ${summary.p95} / ${summary.p99}`;

const percentOf = (value: number, whole: number | undefined) =>
  whole ? `${Math.round((value / whole) * 100)} %` : '–';

const catalogRow = (row: CatalogRow, hello: CatalogRow | undefined) => {
  const wrk = row.wrk
    ? `${row.wrk.throughput} | ${percentOf(row.wrk.throughput, hello?.wrk?.throughput)}`
    : '– | –';
  const errors = row.at500.errors + row.max.errors + (row.wrk?.errors ?? 0);
  return `| ${row.target} | ${row.max.throughput} | ${percentOf(row.max.throughput, hello?.max.throughput)} | ${wrk} | ${ms(row.at500)} | ${errors} |`;
};

const catalogSection = (catalog: CatalogRow[]) => [
  '## a. Catalog reads',
  '',
  'Max: closed loop, 64 connections, 10 s, with the Node client and with wrk (2 threads;',
  "the median of three rounds, each round every target in turn: each round's figures in the JSON).",
  '',
  '| target | max req/s (Node) | vs bare Fastify | max req/s (wrk) | vs bare Fastify (wrk) | p50 / p95 / p99 ms at 500 req/s | errors |',
  '| --- | --: | --: | --: | --: | --: | --: |',
  ...catalog.map((row) => catalogRow(row, catalog[0])),
  '',
];

/** Process names in a stable order: engines and services as infra/bench.sh listed them. */
const names = (record: Record<string, number>) => Object.keys(record);

const quietFor = (idle: IdleCpu) =>
  idle.quietSeconds === undefined ? '' : `, after ${idle.quietSeconds} s of quiet`;

const idleSection = (idle: IdleCpu) => [
  `## i. Idle CPU of the stack (${idle.seconds} s, no requests${quietFor(idle)})`,
  '',
  `Whole stack: **${idle.total} % of one core**.`,
  '',
  '| process | % of one core |',
  '| --- | --: |',
  ...names(idle.perProcess).map((name) => `| ${name} | ${idle.perProcess[name]} |`),
  '',
];

const costSection = (cost: NonNullable<BenchResult['cost']>) => [
  `## e. CPU per completed order at ${cost.rate} orders/s for ${cost.seconds} s (idle subtracted)`,
  '',
  `${cost.completed} orders completed; saga p50 / p95 / p99 ${ms(cost.saga.total)} ms. Whole stack: **${cost.total} ms of CPU per order**.`,
  '',
  ...(cost.hostProbe
    ? [
        `Host probe (CPU ms of a fixed piece of work; lower is a faster host): ${cost.hostProbe.before} before, ${cost.hostProbe.after} after.`,
        '',
      ]
    : []),
  '| process | CPU ms per order |',
  '| --- | --: |',
  ...names(cost.perProcess).map((name) => `| ${name} | ${cost.perProcess[name]} |`),
  '',
];

const largeCatalogSection = (runs: ListRun[]) => [
  `## l. The catalog's first page with ${runs[0]?.items ?? 0} filler items`,
  '',
  '| target | req/s | p50 / p95 / p99 ms | errors |',
  '| --- | --: | --: | --: |',
  ...runs.map(
    (run) => `| ${run.target} | ${run.rate} | ${ms(run.latency)} | ${run.latency.errors} |`,
  ),
  '',
];

const ordersSection = (orders: Summary) => [
  '## b. POST /orders at 100 req/s',
  '',
  `p50 / p95 / p99: ${ms(orders)} ms; ${orders.count} orders, ${orders.errors} errors.`,
  '',
];

/** A rate sweep (parts d and f): each rate tried, and the highest that held. */
const sweepSection = (title: string, sweep: { runs: RateRun[]; maxSustainedRate: number }) => [
  title,
  '',
  '| orders/s | p50 / p95 / p99 ms | completed/s | errors |',
  '| --: | --: | --: | --: |',
  ...sweep.runs.map(
    (run) => `| ${run.rate} | ${ms(run.total)} | ${run.total.throughput} | ${run.total.errors} |`,
  ),
  '',
  `Highest sustained: **${sweep.maxSustainedRate} orders/s**.`,
  '',
];

/** The saga's hops: each relay's delay, then each service's reaction (hops.ts). */
const hopsSection = (hops: SagaHops) => [
  'Where the time went (ms): an event written → on Kafka (the outbox relay), then an event on',
  'Kafka → the event written in answer to it (the consuming service: its wait and its handler).',
  '',
  '| hop | events | p50 / p95 / p99 ms |',
  '| --- | --: | --: |',
  ...Object.entries(hops.relay).map(
    ([type, summary]) => `| ${type} written → on Kafka | ${summary.count} | ${ms(summary)} |`,
  ),
  ...Object.entries(hops.reaction).map(
    ([pair, summary]) => `| ${pair} | ${summary.count} | ${ms(summary)} |`,
  ),
  '',
];

/** The hops at the highest rate part d tried: where the saga's time went as it broke. */
const lastRateHops = (runs: SagaRun[]) => {
  const last = runs.at(-1);
  return last?.hops ? [`At ${last.rate} orders/s:`, '', ...hopsSection(last.hops)] : [];
};

const sagaSection = (saga: SagaRun) => [
  `## c. Checkout saga at ${saga.rate} orders/s`,
  '',
  '| stage | p50 / p95 / p99 ms |',
  '| --- | --: |',
  `| create (POST /orders) | ${ms(saga.create)} |`,
  `| pay (POST /payments) | ${ms(saga.pay)} |`,
  `| paid → OrderCompleted on Kafka | ${ms(saga.complete)} |`,
  `| total, from when due | ${ms(saga.total)} |`,
  '',
  `${saga.total.count} sagas completed, ${saga.total.errors} errors, ${saga.total.throughput}/s.`,
  '',
  ...(saga.hops ? hopsSection(saga.hops) : []),
];

/** How the stack was warmed up before parts i and e (BENCH_WARMUP_SECONDS). */
export const warmedUp = ({ warmUp }: Pick<BenchResult, 'warmUp'>) =>
  warmUp
    ? `the saga at ${warmUp.rate} orders/s for ${warmUp.seconds} s (${warmUp.completed} orders)`
    : 'not warmed up';

/** What the stores held before the run: seeded rows, or the stack as it was. */
export const storedBefore = (result: Pick<BenchResult, 'seeded'>) =>
  result.seeded
    ? `${describeSeeded(result.seeded)} (BENCH_SEED_ROWS, on the bench's stores made empty first)`
    : 'nothing seeded (the stack as it was)';

/** The run as markdown tables (docs/performance.md quotes them); parts not run are left out. */
export const toMarkdown = (result: BenchResult) =>
  [
    `# Bench ${result.label ? `${result.label} ` : ''}${result.startedAt} (${result.machine.cpus} CPUs, Node ${result.machine.node})`,
    '',
    `Stored before the run: ${storedBefore(result)}.`,
    '',
    ...(result.idle ? [`Before parts i and e: ${warmedUp(result)}.`, ''] : []),
    ...(result.idle ? idleSection(result.idle) : []),
    ...(result.cost ? costSection(result.cost) : []),
    ...(result.catalog ? catalogSection(result.catalog) : []),
    ...(result.largeCatalog ? largeCatalogSection(result.largeCatalog) : []),
    ...(result.orders ? ordersSection(result.orders) : []),
    ...(result.maxOrders
      ? sweepSection(
          '## f. Highest POST /orders rate (p99 ≤ 250 ms, errors < 1 %)',
          result.maxOrders,
        )
      : []),
    ...(result.saga ? sagaSection(result.saga) : []),
    ...(result.maxSaga
      ? [
          ...sweepSection(
            '## d. Highest sustainable saga rate (p99 ≤ 1 s, errors < 1 %)',
            result.maxSaga,
          ),
          ...lastRateHops(result.maxSaga.runs),
        ]
      : []),
  ].join('\n');
