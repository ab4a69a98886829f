import type { PaymentCardInput } from '@shop/contracts';
import { passesLuhn } from '@shop/contracts/check-digits';

export { passesLuhn };

/** A card form's values, as strings. */
export type CardDraft = {
  cardNumber: string;
  expMonth: string;
  expYear: string;
  holderName: string;
  cvc: string;
};

export type CardCheck =
  | { ok: true; card: PaymentCardInput }
  | { ok: false; errors: Record<string, string> };

/**
 * Checks a typed card before it is sent, with the services' own rules, so typos are caught
 * at once. Errors use the service's field names (`paymentMethod.cardNumber`) so one lookup
 * shows local and server messages alike. The service still checks everything again.
 */
export const toCardInput = (draft: CardDraft, now = new Date()): CardCheck => {
  const errors: Record<string, string> = {};
  const digits = draft.cardNumber.replace(/[ -]/g, '');
  if (!/^[\d -]{13,23}$/.test(draft.cardNumber.trim()) || !/^\d{13,19}$/.test(digits)) {
    errors['paymentMethod.cardNumber'] = 'Enter the 13 to 19 digits of the card';
  } else if (!passesLuhn(digits)) {
    errors['paymentMethod.cardNumber'] = 'This card number has a typo (checksum fails)';
  }
  const expMonth = Number.parseInt(draft.expMonth, 10);
  const expYear = Number.parseInt(draft.expYear, 10);
  if (!(expMonth >= 1 && expMonth <= 12)) errors['paymentMethod.expMonth'] = 'Choose a month';
  if (!(expYear >= 2000 && expYear <= 2100)) errors['paymentMethod.expYear'] = 'Choose a year';
  else if (expYear * 12 + expMonth - 1 < now.getFullYear() * 12 + now.getMonth()) {
    errors['paymentMethod.expYear'] = 'The card has expired';
  }
  const holderName = draft.holderName.trim();
  if (holderName === '') errors['paymentMethod.holderName'] = 'Enter the name on the card';
  const cvc = draft.cvc.trim();
  if (cvc !== '' && !/^\d{3,4}$/.test(cvc)) errors['paymentMethod.cvc'] = 'Enter 3 or 4 digits';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    card: {
      cardNumber: draft.cardNumber.trim(),
      expMonth,
      expYear,
      holderName,
      ...(cvc ? { cvc } : {}),
    },
  };
};
