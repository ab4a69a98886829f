import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

// Tests talk to the engines `make infra-up` started, configured by the generated .env
// (variables already set in the environment win).
const envFile = fileURLToPath(new URL('./.env', import.meta.url));
if (existsSync(envFile)) process.loadEnvFile(envFile);

/** One vitest project: a package, a service or a suite under tests/. */
export const project = (name: string, test: UserWorkspaceConfig['test'] = {}) =>
  defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...test,
    },
  });
