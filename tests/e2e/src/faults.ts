import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { externalEngines, ROOT } from './stack.js';

const docker = () => process.env.INFRA === 'docker';
const pidOf = (name: string) => Number(readFileSync(`${ROOT}.data/run/${name}.pid`, 'utf8').trim());
const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });

/** Sends a signal to an engine or service process started by `make up` (native), or its container. */
export const signal = (name: string, sig: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT') => {
  if (docker()) {
    if (sig === 'SIGSTOP') run('docker', ['compose', 'pause', name]);
    else if (sig === 'SIGCONT') run('docker', ['compose', 'unpause', name]);
    else run('docker', ['compose', 'kill', '-s', 'SIGKILL', name]);
    return;
  }
  process.kill(pidOf(name), sig);
};

/** Starts again whatever was killed: engines first, then services (running ones are kept). */
export const restartEverything = () => {
  if (!externalEngines()) run('make', ['infra-up']);
  run('make', ['services-up']);
};

/**
 * Runs `infra/native/services.sh up` (natively) with `env` added, e.g. REPLICAS=2: starts what
 * is not running, or restarts every service when REPLICAS differs from what runs. Asynchronous,
 * so a load keeps running meanwhile.
 */
export const servicesUp = async (env: Record<string, string> = {}) => {
  await promisify(execFile)(`${ROOT}infra/native/services.sh`, ['up'], {
    cwd: ROOT,
    timeout: 300_000,
    env: { ...process.env, ...env },
  });
};
