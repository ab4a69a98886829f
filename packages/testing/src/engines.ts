import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Stops or starts one engine the way `make` does (native pid files, or the Docker container),
 * for fault tests. Only for suites that run alone (see the `faults` vitest configs).
 */
export const engine = (action: 'stop' | 'start', name: 'kafka' | 'cassandra') => {
  const docker = process.env.INFRA === 'docker';
  const [command, args] = docker
    ? ['docker', ['compose', action, name]]
    : [`${ROOT}infra/native/engines.sh`, [action === 'stop' ? 'down' : 'up', name]];
  execFileSync(command, args, { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
};
