import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

// Tests talk to the engines `make infra-up` started, configured by the generated .env
// (variables already set in the environment win).
const envFile = fileURLToPath(new URL('./.env', import.meta.url));
if (existsSync(envFile)) process.loadEnvFile(envFile);

/**
 * One vitest project: a package, a service or a suite under tests/, against the engines. Its
 * pure unit tests (test/unit) are a project of their own (`unitProject`, `pnpm test:unit`).
 */
export const project = (name: string, test: UserWorkspaceConfig['test'] = {}) =>
  defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
      exclude: ['**/node_modules/**', 'test/unit/**', ...(test.exclude ?? [])],
    },
  });

/**
 * The pure unit tests of a package or service (test/unit): its rules against in-memory ports,
 * no engine, milliseconds each. `pnpm test:unit` runs every one of them.
 */
export const unitProject = (name: string) =>
  defineProject({
    test: {
      name: `${name}:unit`,
      include: ['test/unit/**/*.test.ts'],
      testTimeout: 5_000,
      // Unit tests share no global state: one module graph per worker instead of one per file
      // (loading the contracts again for each file was most of the run).
      isolate: false,
    },
  });
