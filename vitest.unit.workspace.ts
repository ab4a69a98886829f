// The pure unit tests of every package and service (`pnpm test:unit`, first in `make test`):
// rules against in-memory ports, no engine running.
export default [
  'packages/*/vitest.unit.config.ts',
  'services/*/vitest.unit.config.ts',
  'tests/e2e/vitest.audit.config.ts',
];
