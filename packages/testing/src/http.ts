import { createServer } from 'node:net';
import { gs1CheckDigit, passesLuhn } from '@shop/contracts/check-digits';
import type { ServiceApp } from '@shop/platform';

/** Listens on a free loopback port and returns the app's base URL (for service-to-service calls). */
export const listen = async (app: ServiceApp) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

/**
 * Every number of 13–19 digits that passes Luhn: what must never be stored or logged. A number
 * stands alone (no letter or digit either side): the digits inside a hex hash or a UUID are no
 * card number, and one in ten such runs passes Luhn by chance.
 */
export const luhnValidRuns = (text: string) =>
  [...text.matchAll(/(?<![0-9A-Za-z])\d{13,19}(?![0-9A-Za-z])/g)]
    .map(([run]) => run)
    .filter(passesLuhn);

/** The URL of a loopback port nothing listens on (it was free a moment ago). */
export const closedPortUrl = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

/** A valid, random UPC-A: 11 digits plus the GS1 check digit. */
export const randomUpc = () => {
  const data = Array.from({ length: 11 }, () => Math.floor(Math.random() * 10)).join('');
  return `${data}${gs1CheckDigit(data)}`;
};
