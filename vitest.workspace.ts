// One test project per app, package and service; `tests/*` holds cross-cutting suites
// (engine proofs, end-to-end journeys, the browser tests), and the audit's pure checks run
// apart from the e2e stack.
export default [
  'apps/*',
  'packages/*',
  'services/*',
  'tests/*',
  'tests/e2e/vitest.audit.config.ts',
  'tools/bench',
  'tools/dlq',
];
