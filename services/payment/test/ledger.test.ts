import { isTransientError } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import { createGatewayLedger } from '../src/data/gateway-ledger.js';
import { createGatewaySimulator, GatewayTimeoutError } from '../src/domain/gateway.js';
import { attemptKey, type ChargeRequest } from '../src/domain/model.js';
import { ledgerRows, usePaymentStore } from './store.js';

const store = usePaymentStore();

const simulator = (
  options: { failureRate?: number; timeoutRate?: number; random?: () => number } = {},
) =>
  createGatewaySimulator(createGatewayLedger(store.pool), {
    failureRate: 0,
    timeoutRate: 0,
    latencyMs: 0,
    ...options,
  });

const request = (last4 = '4242', amount = 2_500): ChargeRequest => ({
  amount,
  currency: 'USD',
  card: { brand: 'visa', last4 },
});

const newAttempt = () => {
  const paymentId = crypto.randomUUID();
  return { paymentId, key: attemptKey({ paymentId, attempt: 1 }) };
};

describe('the gateway ledger', () => {
  it('when an attempt is authorized twice, then the second call returns the recorded answer and nothing is charged again', async () => {
    const { paymentId, key } = newAttempt();
    const gateway = simulator();
    const first = await gateway.authorize(key, request());
    const again = await gateway.authorize(key, request());
    expect(first).toEqual({
      approved: true,
      transactionId: expect.stringMatching(/^sim_/),
      raw: expect.objectContaining({ status: 'succeeded', amount: 2_500 }),
    });
    expect(first.raw).toMatchObject({ id: first.transactionId, card: { last4: '4242' } });
    expect(again).toEqual(first);
    expect(await ledgerRows(store.pool, paymentId)).toEqual([
      { key, approved: true, declineReason: null, transactionId: first.transactionId },
    ]);
  });

  it("when a random decline was drawn for an attempt, then its reason is drawn among the test cards' and a repeated call does not draw again", async () => {
    const { key } = newAttempt();
    // 0.1 < 0.5 declines; 0.9 picks the last of the six reasons.
    const draws = [0.1, 0.9];
    const gateway = simulator({ failureRate: 0.5, random: () => draws.shift() ?? 0.0 });
    const first = await gateway.authorize(key, request());
    const again = await gateway.authorize(key, request());
    expect(first).toMatchObject({ approved: false, declineReason: 'limit_exceeded' });
    expect(first.raw).toMatchObject({ status: 'failed', outcome: { reason: 'limit_exceeded' } });
    expect(again).toEqual(first);
  });

  it.each([
    ['0002', 2_500, 'card_declined'],
    ['9995', 2_500, 'insufficient_funds'],
    ['0069', 2_500, 'expired_card'],
    ['0127', 2_500, 'incorrect_cvc'],
    ['0119', 2_500, 'processing_error'],
    ['6975', 2_500, 'limit_exceeded'],
    ['4242', 99_900, 'amount_rejected'],
  ])(
    'when a card ending %s pays %i, then the ledger records the decline %s',
    async (last4, amount, reason) => {
      const { paymentId, key } = newAttempt();
      const answer = await simulator().authorize(key, request(last4, amount));
      expect(answer).toMatchObject({ approved: false, declineReason: reason });
      expect(await ledgerRows(store.pool, paymentId)).toMatchObject([
        { key, declineReason: reason },
      ]);
    },
  );

  it('when an attempt is looked up before it reached the gateway, then it is voided and a late authorize gets the void, not a charge', async () => {
    const { paymentId, key } = newAttempt();
    const gateway = simulator();
    const looked = await gateway.lookup(key);
    const late = await gateway.authorize(key, request());
    expect(looked).toMatchObject({ approved: false, declineReason: 'voided' });
    expect(late).toEqual(looked);
    expect(await ledgerRows(store.pool, paymentId)).toHaveLength(1);
  });

  it('when an authorized attempt is looked up, then the lookup gives the recorded approval', async () => {
    const { key } = newAttempt();
    const gateway = simulator();
    const charged = await gateway.authorize(key, request());
    expect(await gateway.lookup(key)).toEqual(charged);
  });

  it('when the timeout test card is charged, then the call times out (a transient failure) and the ledger holds the approval', async () => {
    const { paymentId, key } = newAttempt();
    const gateway = simulator();
    const failure = await gateway.authorize(key, request('0408')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayTimeoutError);
    expect(isTransientError(failure)).toBe(true);
    expect(await gateway.lookup(key)).toMatchObject({ approved: true });
    expect(await ledgerRows(store.pool, paymentId)).toMatchObject([{ key, approved: true }]);
  });

  it('when PAYMENT_GATEWAY_TIMEOUT_RATE is 1, then every answer is lost but every outcome is recorded', async () => {
    const { paymentId, key } = newAttempt();
    const gateway = simulator({ timeoutRate: 1 });
    await expect(gateway.authorize(key, request('0002'))).rejects.toBeInstanceOf(
      GatewayTimeoutError,
    );
    expect(await gateway.lookup(key)).toMatchObject({
      approved: false,
      declineReason: 'card_declined',
    });
    expect(await ledgerRows(store.pool, paymentId)).toHaveLength(1);
  });

  it('when authorize and lookup race for one attempt, then every caller gets the one outcome settled first', async () => {
    for (let round = 0; round < 10; round += 1) {
      const { paymentId, key } = newAttempt();
      const gateway = simulator();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          index % 2 === 0 ? gateway.authorize(key, request()) : gateway.lookup(key),
        ),
      );
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
      expect(await ledgerRows(store.pool, paymentId)).toHaveLength(1);
    }
  });

  it('when a key is reused for another amount, then the gateway refuses instead of charging', async () => {
    const { key } = newAttempt();
    const gateway = simulator();
    await gateway.authorize(key, request());
    await expect(gateway.authorize(key, request('4242', 1))).rejects.toThrow(/another charge/);
  });
});
