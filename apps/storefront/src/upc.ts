/**
 * UPC-A helpers for the admin form: the GS1 rule is the services' own (@shop/contracts
 * check-digits, plain functions, so the bundle takes no zod for ten lines of arithmetic).
 */
import { gs1CheckDigit, isValidUpc } from '@shop/contracts/check-digits';

export { gs1CheckDigit, isValidUpc };

/** Random decimal digits from the platform CSPRNG (available in every browser and in Node). */
const randomDigits = (count: number): string => {
  const values = crypto.getRandomValues(new Uint32Array(count));
  return Array.from(values, (value) => String(value % 10)).join('');
};

/** A fresh, valid UPC-A: 11 random digits and their check digit. */
export const generateUpcA = (digits: (count: number) => string = randomDigits): string => {
  const data = digits(11);
  return `${data}${gs1CheckDigit(data)}`;
};
