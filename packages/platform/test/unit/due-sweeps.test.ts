import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DueSweeper, dueSweeper, dueTimes, type PassOutcome } from '../../src/due-sweeps.js';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('due times', () => {
  it('when due times are added out of order and close together, then they are kept rounded up to the granularity, sorted and once each', () => {
    const due = dueTimes(1_000);
    due.add(START + 2_500);
    due.add(START + 200);
    due.add(START + 2_900);
    expect(due.size()).toBe(2);
    expect(due.nextPassAt(START + 60_000)).toBe(START + 1_000);
  });

  it('when a pass takes the due times up to its start, then the next pass is the first later one, or the safety time if that is sooner', () => {
    const due = dueTimes(1_000);
    for (const offset of [1_000, 5_000, 20_000]) due.add(START + offset);
    due.takeUpTo(START + 5_000);
    expect(due.nextPassAt(START + 60_000)).toBe(START + 20_000);
    expect(due.nextPassAt(START + 10_000)).toBe(START + 10_000);
    due.takeUpTo(START + 30_000);
    expect(due.nextPassAt(START + 60_000)).toBe(START + 60_000);
  });
});

describe('due sweeper', () => {
  let sweeper: DueSweeper | undefined;
  let passTimes: number[];
  let outcomes: (PassOutcome | Error)[];

  const start = ({
    firstPassAfterMs,
    ...options
  }: {
    safetyIntervalMs: number;
    retryAfterFailureMs?: number;
    firstPassAfterMs?: number;
    minSpacingMs?: number;
  }) => {
    const onError = vi.fn();
    // Unless a test is about it, no first pass before the safety interval (it would only add one).
    const first = { firstPassAfterMs: firstPassAfterMs ?? options.safetyIntervalMs };
    sweeper = dueSweeper(
      async () => {
        passTimes.push(Date.now() - START);
        const outcome = outcomes.shift();
        if (outcome instanceof Error) throw outcome;
        return outcome;
      },
      onError,
      { ...options, ...first },
    );
    return { sweeper, onError };
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    passTimes = [];
    outcomes = [];
  });

  afterEach(async () => {
    await sweeper?.stop();
    vi.useRealTimers();
  });

  it('when nothing falls due, then a first pass runs soon after start and then only once per safety interval', async () => {
    start({ safetyIntervalMs: 30_000, firstPassAfterMs: 5_000 });
    await vi.advanceTimersByTimeAsync(95_000);
    expect(passTimes).toEqual([5_000, 35_000, 65_000, 95_000]);
  });

  it('when the process writes something due in 7.2 s, then a pass runs at 8 s and the next one a safety interval later', async () => {
    const { sweeper } = start({ safetyIntervalMs: 30_000 });
    sweeper.dueAt(new Date(START + 7_200));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(passTimes).toEqual([8_000, 38_000]);
  });

  it('when several things fall due, then a pass runs at each due time and none for a time already passed', async () => {
    const { sweeper } = start({ safetyIntervalMs: 60_000 });
    sweeper.dueAt(START + 20_000);
    sweeper.dueAt(START + 3_000);
    await vi.advanceTimersByTimeAsync(10_000);
    sweeper.dueAt(START + 2_000);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(passTimes).toEqual([3_000, 10_000, 20_000]);
  });

  it('when a pass stops at its batch limit, then the next pass runs right away, not a safety interval later', async () => {
    const { sweeper } = start({ safetyIntervalMs: 30_000 });
    outcomes = [{ more: true }, { more: true }, { more: false }];
    sweeper.dueAt(START + 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    // Off the whole second: the pass after a full batch is neither rounded up nor spaced.
    await vi.advanceTimersByTimeAsync(300);
    await vi.advanceTimersByTimeAsync(5_000);
    // setTimeout(0) is 1 ms.
    expect(passTimes).toEqual([1_000, 1_001, 1_002]);
  });

  it('when something falls due every second, then passes run at most once per spacing, not once a second', async () => {
    const { sweeper } = start({ safetyIntervalMs: 30_000, minSpacingMs: 5_000 });
    for (let second = 1; second <= 12; second += 1) sweeper.dueAt(START + second * 1_000);
    await vi.advanceTimersByTimeAsync(13_000);
    expect(passTimes).toEqual([1_000, 6_000, 11_000]);
  });

  it('when a pass fails, then the error is reported and the pass retried after the failure wait', async () => {
    const { sweeper, onError } = start({ safetyIntervalMs: 30_000, retryAfterFailureMs: 5_000 });
    const failure = new Error('store unreachable');
    outcomes = [failure];
    sweeper.dueAt(START + 1_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onError).toHaveBeenCalledWith(failure);
    expect(passTimes).toEqual([1_000, 6_000]);
  });

  it('when something falls due while a pass runs, then another pass runs after it and the two never overlap', async () => {
    let running = 0;
    let overlapped = false;
    const passes: number[] = [];
    sweeper = dueSweeper(
      async () => {
        running += 1;
        overlapped ||= running > 1;
        passes.push(Date.now() - START);
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        running -= 1;
        return undefined;
      },
      vi.fn(),
      // No spacing: this is about overlap alone.
      { safetyIntervalMs: 60_000, minSpacingMs: 0 },
    );
    sweeper.dueAt(START + 1_000);
    await vi.advanceTimersByTimeAsync(2_000);
    sweeper.dueAt(START + 1_500);
    await vi.advanceTimersByTimeAsync(10_000);
    // Right after the first pass ends (setTimeout(0) is 1 ms).
    expect(passes).toEqual([1_000, 4_001]);
    expect(overlapped).toBe(false);
  });

  it('when stopped, then no pass runs any more', async () => {
    const { sweeper } = start({ safetyIntervalMs: 10_000 });
    sweeper.dueAt(START + 5_000);
    await sweeper.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(passTimes).toEqual([]);
  });
});
