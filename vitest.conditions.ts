/**
 * Workspace packages export their TypeScript sources under the `@shop/source` condition and
 * their compiled `dist/` otherwise (what `node dist/server.js` loads): tests run the sources,
 * never a stale build. Vite's own default conditions follow.
 */
export const sourceConditions = {
  resolve: { conditions: ['@shop/source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['@shop/source', 'module', 'node', 'development|production'] } },
};
