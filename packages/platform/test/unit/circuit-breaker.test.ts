import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  type CircuitBreaker,
  CircuitOpenError,
  circuitBreaker,
  circuitBreakers,
} from '../../src/http/circuit-breaker.js';

/** A breaker on a clock the test moves itself. */
const onClock = (settings = { failureThreshold: 3, coolDownMs: 10_000 }) => {
  const clock = { now: 1_000_000 };
  return { clock, breaker: circuitBreaker('item-service', { ...settings, now: () => clock.now }) };
};

const fail = async (breaker: CircuitBreaker) =>
  await breaker
    .run(async () => {
      throw new Error('ECONNREFUSED');
    })
    .catch((error: unknown) => error);

const succeed = async (breaker: CircuitBreaker) => await breaker.run(async () => 'answer');

/** A call whose outcome the test decides later (a probe in flight). */
const pending = (breaker: CircuitBreaker) => {
  let settle: (status: number) => void = () => undefined;
  const call = breaker.run(
    async () => await new Promise<number>((resolve) => (settle = resolve)),
    (status) => status >= 500,
  );
  return { call, answer: (status: number) => settle(status) };
};

describe('circuit breaker', () => {
  it('when fewer failures in a row than the threshold come, then it stays closed and a success resets the count', async () => {
    const { breaker } = onClock();
    await fail(breaker);
    await fail(breaker);
    expect(breaker.state()).toBe('closed');
    expect(await succeed(breaker)).toBe('answer');
    await fail(breaker);
    await fail(breaker);
    expect(breaker.state()).toBe('closed');
  });

  it('when the threshold of failures in a row is reached, then it opens and calls fail fast without running, with the cool-down left', async () => {
    const { clock, breaker } = onClock();
    for (let call = 0; call < 3; call += 1) await fail(breaker);
    expect(breaker.state()).toBe('open');

    clock.now += 2_500;
    let ran = false;
    const refused = await breaker
      .run(async () => {
        ran = true;
      })
      .catch((error: unknown) => error);
    expect(ran).toBe(false);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused).toMatchObject({ status: 503, retryAfterSeconds: 8, breaker: 'item-service' });
    expect((refused as Error).message).toMatch(/^item-service is unavailable/);
  });

  it('when an answer counts as a failure (a 5xx), then it opens like a thrown error; other answers close nothing', async () => {
    const { breaker } = onClock();
    for (let call = 0; call < 3; call += 1)
      await breaker.run(
        async () => 503,
        (status) => status >= 500,
      );
    expect(breaker.state()).toBe('open');
  });

  it('when the cool-down is over, then one probe goes through while the others still fail fast; its success closes it', async () => {
    const { clock, breaker } = onClock();
    for (let call = 0; call < 3; call += 1) await fail(breaker);
    clock.now += 10_000;
    expect(breaker.state()).toBe('half-open');

    const probe = pending(breaker);
    const meanwhile = await fail(breaker);
    expect(meanwhile).toBeInstanceOf(CircuitOpenError);
    expect(meanwhile).toMatchObject({ retryAfterSeconds: 1 });
    expect(breaker.state()).toBe('half-open');

    probe.answer(200);
    expect(await probe.call).toBe(200);
    expect(breaker.state()).toBe('closed');
    expect(await succeed(breaker)).toBe('answer');
  });

  it('when the probe fails, then it opens again for a whole cool-down', async () => {
    const { clock, breaker } = onClock();
    for (let call = 0; call < 3; call += 1) await fail(breaker);
    clock.now += 10_000;

    const probe = pending(breaker);
    probe.answer(500);
    await probe.call;

    expect(breaker.state()).toBe('open');
    expect(await fail(breaker)).toMatchObject({ retryAfterSeconds: 10 });
    clock.now += 10_000;
    expect(breaker.state()).toBe('half-open');
  });

  it('when calls sent before it opened fail late, then they neither extend the cool-down nor take the probe', async () => {
    const { clock, breaker } = onClock();
    const late = pending(breaker);
    for (let call = 0; call < 3; call += 1) await fail(breaker);
    clock.now += 6_000;
    late.answer(500);
    await late.call;

    clock.now += 4_000;
    expect(breaker.state()).toBe('half-open');
    expect(await succeed(breaker)).toBe('answer');
    expect(breaker.state()).toBe('closed');
  });
});

describe('circuit breaker passes (calls that are no promise: a proxied stream)', () => {
  it('when a pass is settled twice, then only its first outcome counts', () => {
    const { breaker } = onClock({ failureThreshold: 2, coolDownMs: 10_000 });
    const pass = breaker.enter();
    pass.settle(true);
    pass.settle(true);
    expect(breaker.state()).toBe('closed');
    breaker.enter().settle(true);
    expect(breaker.state()).toBe('open');
    expect(() => breaker.enter()).toThrow(CircuitOpenError);
  });

  it('when the probe is abandoned (its client went away), then it decides nothing and the next call probes', () => {
    const { clock, breaker } = onClock({ failureThreshold: 1, coolDownMs: 10_000 });
    breaker.enter().settle(true);
    clock.now += 10_000;
    const probe = breaker.enter();
    expect(() => breaker.enter()).toThrow(CircuitOpenError);
    probe.abandon();
    expect(breaker.state()).toBe('half-open');
    breaker.enter().settle(false);
    expect(breaker.state()).toBe('closed');
  });
});

describe('circuit breakers of a service', () => {
  const gaugeLines = async (registry: Registry) =>
    (await registry.metrics())
      .split('\n')
      .filter((line) => line.startsWith('circuit_breaker_state'));

  it('when two clients call the same collaborator, then they share its breaker', () => {
    const breakers = circuitBreakers();
    expect(breakers.for('account-service')).toBe(breakers.for('account-service'));
    expect(breakers.for('account-service')).not.toBe(breakers.for('order-service'));
  });

  it('when scraped, then each breaker is a circuit_breaker_state series: 0 closed, 1 open, 0.5 once the cool-down ran out', async () => {
    const clock = { now: 1_000_000 };
    const registry = new Registry();
    const breakers = circuitBreakers({
      registry,
      failureThreshold: 1,
      coolDownMs: 5_000,
      now: () => clock.now,
    });
    breakers.for('order-service');
    await fail(breakers.for('item-service'));

    expect(await gaugeLines(registry)).toEqual([
      'circuit_breaker_state{breaker="order-service"} 0',
      'circuit_breaker_state{breaker="item-service"} 1',
    ]);
    expect(breakers.states()).toEqual({ 'order-service': 'closed', 'item-service': 'open' });

    clock.now += 5_000;
    expect(await gaugeLines(registry)).toContain(
      'circuit_breaker_state{breaker="item-service"} 0.5',
    );
  });
});
