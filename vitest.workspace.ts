// One test project per package and service; `tests/*` holds cross-cutting suites
// (engine proofs now, end-to-end journeys later).
export default ['packages/*', 'services/*', 'tests/*'];
