// One test project per app, package and service; `tests/*` holds cross-cutting suites
// (engine proofs, end-to-end journeys, the browser tests).
export default ['apps/*', 'packages/*', 'services/*', 'tests/*', 'tools/bench', 'tools/dlq'];
