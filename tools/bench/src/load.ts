import { setTimeout as sleep } from 'node:timers/promises';
import { type Summary, summarize } from './stats.js';

/**
 * Open model at a constant arrival rate: request i is due at start + i/rate whether or not the
 * earlier ones answered, and its latency counts from when it was due, not from when it was
 * sent. A slow system therefore shows its queueing delay instead of hiding it by sending less
 * (no coordinated omission).
 */
export const openLoop = async (
  rate: number,
  seconds: number,
  fire: (index: number) => Promise<unknown>,
): Promise<Summary> => {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = start + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    // Late (the loop fell behind): it counts from when it was due. Sent up to 1 ms early (timer
    // granularity): from when it was sent, so a fast answer never shows a negative latency.
    const from = Math.min(due, performance.now());
    inFlight.push(
      fire(index).then(
        () => {
          latencies.push(performance.now() - from);
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return summarize(latencies, errors, seconds);
};

/** Closed model: `connections` workers send back to back; measures the most a target can serve. */
export const closedLoop = async (
  connections: number,
  seconds: number,
  fire: () => Promise<unknown>,
): Promise<Summary> => {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const sent = performance.now();
      try {
        await fire();
        latencies.push(performance.now() - sent);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return summarize(latencies, errors, seconds);
};
