import { describe, expect, it } from 'vitest';
import { passesLuhn, toCardInput } from '../src/card';

const now = new Date('2025-06-15T00:00:00Z');
const good = {
  cardNumber: '4242 4242 4242 4242',
  expMonth: '12',
  expYear: '2030',
  holderName: ' Ada Lovelace ',
  cvc: '',
};

describe('toCardInput', () => {
  it('when the card is complete, then it becomes the payment body with integer expiry', () => {
    expect(toCardInput(good, now)).toEqual({
      ok: true,
      card: {
        cardNumber: '4242 4242 4242 4242',
        expMonth: 12,
        expYear: 2030,
        holderName: 'Ada Lovelace',
      },
    });
  });

  it('when a CVC is typed, then it is sent; when left empty, then it is left out', () => {
    const withCvc = toCardInput({ ...good, cvc: '123' }, now);
    expect(withCvc.ok && withCvc.card.cvc).toBe('123');
  });

  it.each(['4000 0000 0000 0002', '4000-0000-0000-9995', '4242424242424242'])(
    'when the simulator test card %s is typed, then it passes the checks',
    (cardNumber) => {
      expect(toCardInput({ ...good, cardNumber }, now).ok).toBe(true);
    },
  );

  it('when the number has a typo, then the card number field says so', () => {
    const checked = toCardInput({ ...good, cardNumber: '4242 4242 4242 4241' }, now);
    expect(checked.ok ? null : checked.errors['paymentMethod.cardNumber']).toMatch(/typo/);
  });

  it('when fields are missing or malformed, then each gets its own error', () => {
    const checked = toCardInput(
      { cardNumber: '12', expMonth: '', expYear: '', holderName: ' ', cvc: '12' },
      now,
    );
    expect(checked.ok ? {} : Object.keys(checked.errors).sort()).toEqual([
      'paymentMethod.cardNumber',
      'paymentMethod.cvc',
      'paymentMethod.expMonth',
      'paymentMethod.expYear',
      'paymentMethod.holderName',
    ]);
  });

  it('when the card expires this month, then it is still accepted', () => {
    expect(toCardInput({ ...good, expMonth: '6', expYear: '2025' }, now).ok).toBe(true);
    expect(toCardInput({ ...good, expMonth: '5', expYear: '2025' }, now).ok).toBe(false);
  });
});

describe('passesLuhn', () => {
  it('when numbers are checked, then the Luhn rule is applied', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });
});
