/** Latency summary of one run, in milliseconds. */
export interface Summary {
  count: number;
  errors: number;
  /** Requests per second actually completed. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);

const round = (ms: number) => Math.round(ms * 100) / 100;

export const summarize = (latencies: number[], errors: number, seconds: number): Summary => {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: latencies.length,
    errors,
    throughput: Math.round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    min: round(sorted[0] ?? 0),
    max: round(sorted[sorted.length - 1] ?? 0),
  };
};
