/**
 * UPC-A helpers for the admin form. The services check the same GS1 rule
 * (packages/contracts `hasValidCheckDigit`); it is re-implemented here so the browser bundle
 * does not pull in zod and every schema just for ten lines of arithmetic.
 */

/** GS1 check digit of the data digits: weights 3, 1, 3, … starting from the rightmost digit. */
export const gs1CheckDigit = (data: string): number => {
  let sum = 0;
  for (let index = 0; index < data.length; index += 1) {
    const digit = Number(data[data.length - 1 - index]);
    sum += index % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
};

/** A 12-digit UPC-A or 13-digit EAN-13 whose last digit is the right check digit. */
export const isValidUpc = (code: string): boolean =>
  /^(\d{12}|\d{13})$/.test(code) && gs1CheckDigit(code.slice(0, -1)) === Number(code.slice(-1));

/** Random decimal digits from the platform CSPRNG (available in every browser and Node 20). */
const randomDigits = (count: number): string => {
  const values = crypto.getRandomValues(new Uint32Array(count));
  return Array.from(values, (value) => String(value % 10)).join('');
};

/** A fresh, valid UPC-A: 11 random digits and their check digit. */
export const generateUpcA = (digits: (count: number) => string = randomDigits): string => {
  const data = digits(11);
  return `${data}${gs1CheckDigit(data)}`;
};
