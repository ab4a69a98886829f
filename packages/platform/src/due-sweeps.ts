import type { Stoppable } from './lifecycle.js';

/**
 * The due times a sweeper knows of, rounded up to `granularityMs` so that they stay few (one
 * per second of the longest deadline at most), sorted. Pure: time is passed in.
 */
export interface DueTimes {
  /** Remembers that something falls due at `at` (ms since the epoch). */
  add(at: number): void;
  /** Forgets every due time up to `now` (a pass that starts now handles them). */
  takeUpTo(now: number): void;
  /** When the next pass is due: the earliest known due time, or `safetyAt` if sooner. */
  nextPassAt(safetyAt: number): number;
  size(): number;
}

export const dueTimes = (granularityMs: number): DueTimes => {
  const times: number[] = [];
  return {
    add: (at) => {
      const rounded = Math.ceil(at / granularityMs) * granularityMs;
      let index = times.findIndex((time) => time >= rounded);
      if (times[index] === rounded) return;
      if (index === -1) index = times.length;
      times.splice(index, 0, rounded);
    },
    takeUpTo: (now) => {
      const later = times.findIndex((time) => time > now);
      times.splice(0, later === -1 ? times.length : later);
    },
    nextPassAt: (safetyAt) => Math.min(safetyAt, times[0] ?? safetyAt),
    size: () => times.length,
  };
};

/** What a pass tells the sweeper: `more` when it stopped at its batch limit (run again at once). */
export type PassOutcome = { more: boolean } | undefined;

export interface DueSweepOptions {
  /**
   * Longest time between two passes, whatever is known: bounds how late the sweeper finds what
   * another replica wrote or a crash left behind.
   */
  safetyIntervalMs: number;
  /**
   * The first pass, after start (default 5 s, at most `safetyIntervalMs`): a process that
   * starts after a crash finds soon what the crash left.
   */
  firstPassAfterMs?: number;
  /** Due times are rounded up to this, so a pass runs at most this late (default 1 s). */
  granularityMs?: number;
  /** Wait after a failed pass (default 5 s, at most `safetyIntervalMs`). */
  retryAfterFailureMs?: number;
  /**
   * Shortest time between two passes that due times start (default 5 s, at most
   * `safetyIntervalMs`): under steady traffic something falls due nearly every second, and a
   * pass per second would cost more than the fixed 5 s interval this replaced. A pass that
   * stopped at its batch limit is followed at once all the same.
   */
  minSpacingMs?: number;
  now?: () => number;
}

export interface DueSweeper extends Stoppable {
  /** This process wrote something that falls due at `at`: a pass runs then (or sooner). */
  dueAt(at: Date | number): void;
}

/**
 * Runs `pass` when something this process knows of falls due, instead of on a fixed short
 * interval: an idle service sleeps until its earliest deadline. Each pass handles everything due
 * by its start, whoever wrote it; passes never overlap, and those due times start are at least
 * `minSpacingMs` apart; `stop` waits for a running one. A pass also runs at least every
 * `safetyIntervalMs` (what other replicas and crashes left), again at once when it reports
 * `more`, and `retryAfterFailureMs` after a failure.
 */
export const dueSweeper = (
  pass: () => Promise<PassOutcome>,
  onError: (error: unknown) => void,
  {
    safetyIntervalMs,
    firstPassAfterMs = 5_000,
    granularityMs = 1_000,
    retryAfterFailureMs = 5_000,
    minSpacingMs = 5_000,
    now = Date.now,
  }: DueSweepOptions,
): DueSweeper => {
  const due = dueTimes(granularityMs);
  // As if a pass had run so long ago that the safety interval ends at the first pass.
  let lastPassAt = now() - safetyIntervalMs + Math.min(firstPassAfterMs, safetyIntervalMs);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  // The last pass stopped at its batch limit: the next runs at once (not rounded, not spaced).
  let more = false;
  const spacing = Math.min(minSpacingMs, safetyIntervalMs);
  // When the last pass really started (the spacing counts from it; none yet at start).
  let lastStartedAt = Number.NEGATIVE_INFINITY;

  const schedule = () => {
    if (stopped || running) return;
    clearTimeout(timer);
    const at = more
      ? now()
      : Math.max(due.nextPassAt(lastPassAt + safetyIntervalMs), lastStartedAt + spacing);
    timer = setTimeout(run, Math.max(0, at - now()));
  };

  const runOnce = async () => {
    lastPassAt = now();
    lastStartedAt = lastPassAt;
    due.takeUpTo(lastPassAt);
    more = false;
    try {
      more = (await pass())?.more === true;
    } catch (error) {
      onError(error);
      due.add(now() + Math.min(retryAfterFailureMs, safetyIntervalMs));
    }
  };

  const run = () => {
    running = runOnce().finally(() => {
      running = undefined;
      schedule();
    });
  };

  schedule();
  return {
    dueAt: (at) => {
      due.add(typeof at === 'number' ? at : at.getTime());
      schedule();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
