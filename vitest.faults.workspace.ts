// Fault tests stop and restart engines, so they run alone, one file at a time, after the main
// suite (`pnpm test:faults`, part of `make test`).
export default [
  'services/order/vitest.faults.config.ts',
  'services/payment/vitest.faults.config.ts',
  'tests/e2e/vitest.faults.config.ts',
];
