// The pure unit tests of every package and service (`pnpm test:unit`, first in `make test`):
// rules against in-memory ports, no engine running. One project in one process with one module
// graph (the tests share no global state): loading the contracts and the domain once, not once
// per file or per worker, is what keeps the whole run at seconds.
import { sourceConditions } from './vitest.conditions.js';

export default [
  {
    ...sourceConditions,
    test: {
      name: 'unit',
      include: [
        'packages/*/test/unit/**/*.test.ts',
        'services/*/test/unit/**/*.test.ts',
        'tests/*/test/unit/**/*.test.ts',
        'tests/e2e/test/audit/**/*.test.ts',
      ],
      isolate: false,
      pool: 'forks',
      poolOptions: { forks: { singleFork: true } },
      testTimeout: 5_000,
    },
  },
];
