import { DECLINE_REASONS, TEST_CARDS } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { decide, rawAnswer } from '../../src/domain/gateway.js';
import { drawDeclineReason, seededRandom, testCardDecline } from '../../src/domain/test-cards.js';

const charge = (last4: string, amount = 2_500) => ({
  amount,
  currency: 'USD',
  card: { brand: 'visa', last4 },
});
const never = () => {
  throw new Error('no random draw expected');
};

describe("the simulator's test cards", () => {
  it.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
    ['4000000000000127', 'incorrect_cvc'],
    ['4000000000000119', 'processing_error'],
    ['4000000000006975', 'limit_exceeded'],
  ])('when %s is charged, then it is declined %s, whatever the failure rate', (number, reason) => {
    expect(TEST_CARDS.find((card) => card.number === number)?.outcome).toBe(reason);
    expect(decide(charge(number.slice(-4)), { failureRate: 1, random: never })).toEqual({
      approved: false,
      declineReason: reason,
    });
  });

  it('when any other card is charged with no failure rate, then it is approved; 99900 is rejected', () => {
    expect(decide(charge('4242'), { failureRate: 0, random: never })).toEqual({
      approved: true,
      declineReason: null,
    });
    expect(testCardDecline('4242')).toBeNull();
    expect(decide(charge('4242', 99_900), { failureRate: 0, random: never })).toMatchObject({
      declineReason: 'amount_rejected',
    });
  });

  it('when the failure rate declines a charge, then the reason is one of the six documented ones', () => {
    const random = seededRandom(7);
    const reasons = new Set(
      Array.from(
        { length: 300 },
        () => decide(charge('4242'), { failureRate: 1, random }).declineReason,
      ),
    );
    expect([...reasons].sort()).toEqual([...DECLINE_REASONS].sort());
  });

  it('when the same seed is used twice, then the same payments decline for the same reasons (a repeatable demo)', () => {
    const run = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from(
        { length: 50 },
        () => decide(charge('4242'), { failureRate: 0.3, random }).declineReason,
      );
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
    const declines = run(42).filter((reason) => reason !== null).length;
    expect(declines).toBeGreaterThan(5);
    expect(declines).toBeLessThan(30);
  });

  it('when a draw is at the edges, then it still picks a listed reason', () => {
    expect(drawDeclineReason(() => 0)).toBe('card_declined');
    expect(drawDeclineReason(() => 0.999_999)).toBe('limit_exceeded');
  });

  it('when the gateway answers, then its raw answer names the outcome and the card by brand and last 4 only', () => {
    const raw = rawAnswer({
      approved: false,
      transactionId: 'sim_1',
      declineReason: 'expired_card',
      request: charge('0069'),
      createdAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(raw).toMatchObject({
      id: 'sim_1',
      status: 'failed',
      outcome: { type: 'issuer_declined', reason: 'expired_card' },
      card: { brand: 'visa', last4: '0069' },
    });
    expect(JSON.stringify(raw)).not.toMatch(/\d{12,}/);
  });
});
