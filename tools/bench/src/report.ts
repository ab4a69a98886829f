import type { CatalogRow } from './catalog.js';
import type { SagaRun } from './saga.js';
import type { Summary } from './stats.js';

export interface BenchResult {
  startedAt: string;
  machine: { cpus: number; node: string };
  catalog: CatalogRow[];
  orders: Summary;
  saga: SagaRun;
  maxSaga: { runs: SagaRun[]; maxSustainedRate: number };
}

const ms = (summary: Summary) => `${summary.p50} / ${summary.p95} / ${summary.p99}`;

/** The run as markdown tables (docs/performance.md quotes them). */
export const toMarkdown = (result: BenchResult) => {
  const hello = result.catalog[0]?.max.throughput ?? 1;
  const lines = [
    `# Bench ${result.startedAt} (${result.machine.cpus} CPUs, Node ${result.machine.node})`,
    '',
    '## a. Catalog reads',
    '',
    '| target | max req/s (64 conns) | vs bare Fastify | p50 / p95 / p99 ms at 500 req/s | errors |',
    '| --- | --: | --: | --: | --: |',
    ...result.catalog.map(
      (row) =>
        `| ${row.target} | ${row.max.throughput} | ${Math.round((row.max.throughput / hello) * 100)} % | ${ms(row.at500)} | ${row.at500.errors + row.max.errors} |`,
    ),
    '',
    '## b. POST /orders at 100 req/s',
    '',
    `p50 / p95 / p99: ${ms(result.orders)} ms; ${result.orders.count} orders, ${result.orders.errors} errors.`,
    '',
    `## c. Checkout saga at ${result.saga.rate} orders/s`,
    '',
    '| stage | p50 / p95 / p99 ms |',
    '| --- | --: |',
    `| create (POST /orders) | ${ms(result.saga.create)} |`,
    `| pay (POST /payments) | ${ms(result.saga.pay)} |`,
    `| paid → OrderCompleted on Kafka | ${ms(result.saga.complete)} |`,
    `| total, from when due | ${ms(result.saga.total)} |`,
    '',
    `${result.saga.total.count} sagas completed, ${result.saga.total.errors} errors, ${result.saga.total.throughput}/s.`,
    '',
    '## d. Highest sustainable saga rate (p99 ≤ 1 s, errors < 1 %)',
    '',
    '| orders/s | p50 / p95 / p99 ms | errors |',
    '| --: | --: | --: |',
    ...result.maxSaga.runs.map((run) => `| ${run.rate} | ${ms(run.total)} | ${run.total.errors} |`),
    '',
    `Highest sustained: **${result.maxSaga.maxSustainedRate} orders/s**.`,
    '',
  ];
  return lines.join('\n');
};
