import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';
import { sourceConditions } from './vitest.conditions.js';

// Tests talk to the engines `make infra-up` started, configured by the generated .env
// (variables already set in the environment win).
// A suite runs its service, and stubs of its peers, in one process beside the other suites' on
// a CPU they share: the event loop of a healthy app there lags by seconds while modules compile
// or while a fault test stops an engine synchronously, and load shedding would answer 503 to the
// tests. Set before .env is read, whose production-like 1000 ms would otherwise win; the services
// the end-to-end suites start inherit it. The pressure tests set their own limits.
process.env.PRESSURE_MAX_EVENT_LOOP_DELAY_MS ??= '0';
const envFile = fileURLToPath(new URL('./.env', import.meta.url));
if (existsSync(envFile)) process.loadEnvFile(envFile);

/**
 * One vitest project: a package, a service or a suite under tests/, against the engines. Its
 * pure unit tests (test/unit) are one project of their own (vitest.unit.workspace.ts, `pnpm test:unit`).
 */
export const project = (name: string, test: UserWorkspaceConfig['test'] = {}) =>
  defineProject({
    ...sourceConditions,
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
      exclude: ['**/node_modules/**', 'test/unit/**', ...(test.exclude ?? [])],
    },
  });
