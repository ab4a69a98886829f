/**
 * The check digits of card numbers and product codes, as plain functions: the services and the
 * storefront's forms check with these same rules (this module imports nothing, so a browser
 * bundle takes it without zod or Node).
 */

/** Luhn (mod 10) checksum of a digit string, which every real card number passes. */
export const passesLuhn = (digits: string): boolean => {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
};

/** GS1 check digit of the data digits: weights 3, 1, 3, … starting from the rightmost digit. */
export const gs1CheckDigit = (data: string): number => {
  let sum = 0;
  for (let index = 0; index < data.length; index += 1) {
    const digit = Number(data[data.length - 1 - index]);
    sum += index % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
};

/** Whether the last digit of `code` is the GS1 check digit of the digits before it. */
export const hasValidCheckDigit = (code: string): boolean =>
  code !== '' && gs1CheckDigit(code.slice(0, -1)) === Number(code.slice(-1));

/** A 12-digit UPC-A or 13-digit EAN-13 whose last digit is the right check digit. */
export const isValidUpc = (code: string): boolean =>
  /^(\d{12}|\d{13})$/.test(code) && hasValidCheckDigit(code);
