import type { ServiceApp } from '@shop/platform';

/** Listens on a free loopback port and returns the app's base URL (for service-to-service calls). */
export const listen = async (app: ServiceApp) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
};

/** Every run of 13–19 digits that passes Luhn: what must never be stored or logged. */
export const luhnValidRuns = (text: string) =>
  [...text.matchAll(/\d{13,19}/g)]
    .map(([run]) => run)
    .filter((run) => {
      let sum = 0;
      for (let index = 0; index < run.length; index += 1) {
        let digit = Number(run[run.length - 1 - index]);
        if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
      }
      return sum % 10 === 0;
    });
