import type { CatalogRow } from './catalog.js';
import type { SagaRun } from './saga.js';
import type { Summary } from './stats.js';

export interface BenchResult {
  startedAt: string;
  machine: { cpus: number; node: string };
  /** Each part is absent when BENCH_PARTS left it out. */
  catalog?: CatalogRow[];
  orders?: Summary;
  saga?: SagaRun;
  maxSaga?: { runs: SagaRun[]; maxSustainedRate: number };
}

const ms = (summary: Summary) => `${summary.p50} / ${summary.p95} / ${summary.p99}`;

const catalogSection = (catalog: CatalogRow[]) => {
  const hello = catalog[0]?.max.throughput ?? 1;
  return [
    '## a. Catalog reads',
    '',
    '| target | max req/s (64 conns) | vs bare Fastify | p50 / p95 / p99 ms at 500 req/s | errors |',
    '| --- | --: | --: | --: | --: |',
    ...catalog.map(
      (row) =>
        `| ${row.target} | ${row.max.throughput} | ${Math.round((row.max.throughput / hello) * 100)} % | ${ms(row.at500)} | ${row.at500.errors + row.max.errors} |`,
    ),
    '',
  ];
};

const ordersSection = (orders: Summary) => [
  '## b. POST /orders at 100 req/s',
  '',
  `p50 / p95 / p99: ${ms(orders)} ms; ${orders.count} orders, ${orders.errors} errors.`,
  '',
];

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
];

const maxSagaSection = (maxSaga: NonNullable<BenchResult['maxSaga']>) => [
  '## d. Highest sustainable saga rate (p99 ≤ 1 s, errors < 1 %)',
  '',
  '| orders/s | p50 / p95 / p99 ms | completed/s | errors |',
  '| --: | --: | --: | --: |',
  ...maxSaga.runs.map(
    (run) => `| ${run.rate} | ${ms(run.total)} | ${run.total.throughput} | ${run.total.errors} |`,
  ),
  '',
  `Highest sustained: **${maxSaga.maxSustainedRate} orders/s**.`,
  '',
];

/** The run as markdown tables (docs/performance.md quotes them); parts not run are left out. */
export const toMarkdown = (result: BenchResult) =>
  [
    `# Bench ${result.startedAt} (${result.machine.cpus} CPUs, Node ${result.machine.node})`,
    '',
    ...(result.catalog ? catalogSection(result.catalog) : []),
    ...(result.orders ? ordersSection(result.orders) : []),
    ...(result.saga ? sagaSection(result.saga) : []),
    ...(result.maxSaga ? maxSagaSection(result.maxSaga) : []),
  ].join('\n');
