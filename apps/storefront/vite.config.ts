import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// In development the API lives behind the gateway; in production the gateway serves this build
// and routes /api itself, so the app only ever calls relative /api/v1 URLs.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
const proxy = { '/api': { target: gateway, changeOrigin: true } };

export default defineConfig(({ command }) => {
  // Vite takes NODE_ENV from the environment when it is set, so a shell or tool exporting
  // NODE_ENV=development would ship React's development build (bigger, with StrictMode's
  // double effects). `vite build` always means the production build of this app.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    plugins: [react()],
    // @shop/contracts from its TypeScript sources (its `@shop/source` export), not its dist/.
    resolve: { conditions: ['@shop/source', ...defaultClientConditions] },
    server: { port: 5173, proxy },
    preview: { port: 4173, proxy },
    build: { outDir: 'dist' },
  };
});
