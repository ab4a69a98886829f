// The pure unit tests of every package and service (`pnpm test:unit`, first in `make test`):
// rules against in-memory ports, no engine running. One project, one module graph per worker
// (the tests share no global state), so the whole run takes seconds.
export default [
  {
    test: {
      name: 'unit',
      include: [
        'packages/*/test/unit/**/*.test.ts',
        'services/*/test/unit/**/*.test.ts',
        'tests/e2e/test/audit/**/*.test.ts',
      ],
      isolate: false,
      testTimeout: 5_000,
    },
  },
];
