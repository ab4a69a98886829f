import { trace } from '@opentelemetry/api';
import { Gauge, type Registry } from 'prom-client';
import { UnavailableError } from '../errors.js';

/**
 * `closed`: calls go through. `open`: calls fail at once, for the cool-down. `half-open`: the
 * cool-down is over and the next call is let through as a probe (while it runs, the others
 * still fail fast); its outcome closes the breaker or opens it again.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Failures in a row (no answer, a timeout, a 5xx) that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker fails calls fast before it lets one probe through. */
  coolDownMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = { failureThreshold: 5, coolDownMs: 5_000 };

/** A call refused by an open breaker: it was never sent. `Retry-After` is the cool-down left. */
export class CircuitOpenError extends UnavailableError {
  constructor(
    readonly breaker: string,
    retryAfterMs: number,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(`${breaker} is unavailable (it failed repeatedly); try again in ${seconds} s`, {
      retryAfterSeconds: seconds,
    });
  }
}

/** One collaborator's breaker, shared by every client of the service that calls it. */
export interface CircuitBreaker {
  readonly name: string;
  state(): BreakerState;
  /**
   * Runs `attempt` unless the breaker is open (then throws `CircuitOpenError` without running
   * it). A rejection of `attempt`, or a result `isFailure` calls one, counts as a failure;
   * anything else as a success.
   */
  run<T>(attempt: () => Promise<T>, isFailure?: (result: T) => boolean): Promise<T>;
  /**
   * Lets one call through, for a call that is no promise to wrap (a proxied stream); throws
   * `CircuitOpenError` while the breaker is open. Settle or abandon the pass once the call ended.
   */
  enter(): BreakerPass;
}

/** One call let through by a breaker; only its first settle or abandon counts. */
export interface BreakerPass {
  settle(failed: boolean): void;
  /** The call ended saying nothing of the collaborator (the client went away first). */
  abandon(): void;
}

export interface BreakerOptions extends Partial<BreakerSettings> {
  now?: () => number;
}

const never = () => false;

/** A circuit breaker (see `BreakerState`); every call of a collaborator goes through one. */
export const circuitBreaker = (name: string, options: BreakerOptions = {}): CircuitBreaker => {
  const { failureThreshold, coolDownMs } = {
    ...DEFAULT_BREAKER_SETTINGS,
    ...withoutUnset(options),
  };
  const now = options.now ?? Date.now;
  let failures = 0;
  let openUntil: number | null = null;
  let probing = false;

  const state = (): BreakerState => {
    if (openUntil === null) return 'closed';
    return probing || now() >= openUntil ? 'half-open' : 'open';
  };
  const refuse = () => {
    const error = new CircuitOpenError(name, (openUntil ?? now()) - now());
    trace.getActiveSpan()?.addEvent('circuit breaker open', { 'shop.breaker': name });
    return error;
  };
  /** Whether this call is the probe of a half-open breaker; throws while the breaker is open. */
  const admit = () => {
    if (openUntil === null) return false;
    if (probing || now() < openUntil) throw refuse();
    probing = true;
    return true;
  };
  const settle = (probe: boolean, failed: boolean) => {
    if (probe) probing = false;
    // While open, only the probe decides: calls sent before it opened report late.
    if (openUntil !== null && !probe) return;
    failures = failed ? failures + 1 : 0;
    if (!failed) openUntil = null;
    else if (probe || failures >= failureThreshold) openUntil = now() + coolDownMs;
  };

  const enter = (): BreakerPass => {
    const probe = admit();
    let ended = false;
    const end = (outcome: () => void) => {
      if (ended) return;
      ended = true;
      outcome();
    };
    return {
      settle: (failed) => end(() => settle(probe, failed)),
      // An abandoned probe decides nothing: the next call probes again.
      abandon: () =>
        end(() => {
          if (probe) probing = false;
        }),
    };
  };

  return {
    name,
    state,
    enter,
    run: async (attempt, isFailure = never) => {
      const pass = enter();
      let failed = true;
      try {
        const result = await attempt();
        failed = isFailure(result);
        return result;
      } finally {
        pass.settle(failed);
      }
    },
  };
};

const withoutUnset = (settings: Partial<BreakerSettings>) =>
  Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));

/** The breakers of one service: one per collaborator, made on first use. */
export interface CircuitBreakers {
  for(collaborator: string): CircuitBreaker;
  /** Each breaker's state, for `/health/ready`. */
  states(): Record<string, BreakerState>;
}

export interface CircuitBreakersOptions extends BreakerOptions {
  /** The service's registry: it gets `circuit_breaker_state{breaker}`. */
  registry?: Registry;
}

const GAUGE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 0.5, open: 1 };

/**
 * A service's breakers, exported as the gauge `circuit_breaker_state{breaker}` (0 closed,
 * 0.5 half-open, 1 open; `CircuitBreakerOpen` in infra/observability/alerts.yml watches it),
 * read at each scrape so a cool-down that ran out shows without a call.
 */
export const circuitBreakers = ({
  registry,
  ...options
}: CircuitBreakersOptions = {}): CircuitBreakers => {
  const breakers = new Map<string, CircuitBreaker>();
  if (registry)
    new Gauge({
      name: 'circuit_breaker_state',
      help: 'State of the circuit breaker of each collaborator: 0 closed, 0.5 half-open, 1 open',
      labelNames: ['breaker'] as const,
      registers: [registry],
      collect() {
        for (const [name, breaker] of breakers)
          this.set({ breaker: name }, GAUGE_VALUE[breaker.state()]);
      },
    });
  return {
    for: (collaborator) => {
      let breaker = breakers.get(collaborator);
      if (!breaker) {
        breaker = circuitBreaker(collaborator, options);
        breakers.set(collaborator, breaker);
      }
      return breaker;
    },
    states: () =>
      Object.fromEntries([...breakers].map(([name, breaker]) => [name, breaker.state()])),
  };
};
