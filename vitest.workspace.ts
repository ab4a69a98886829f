// One test project per app, package and service; `tests/*` holds cross-cutting suites
// (engine proofs, end-to-end journeys, the browser tests). Pure unit tests (test/unit, and the
// audit's checks) are in vitest.unit.workspace.ts (`pnpm test:unit`).
export default ['apps/*', 'packages/*', 'services/*', 'tests/*', 'tools/bench', 'tools/dlq'];
