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

/**
 * Starts again whatever was killed: engines first, then services (running ones are kept).
 * Asynchronous for the reason restartServiceWith is.
 */
export const restartEverything = async () => {
  const make = async (target: string) =>
    await promisify(execFile)('make', [target], { cwd: ROOT, timeout: 240_000 });
  if (!externalEngines()) await make('infra-up');
  await make('services-up');
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

/** The engines a test can take away, by their native name (and their compose service). */
export type Engine = 'mariadb' | 'cassandra' | 'mongo' | 'kafka';
const COMPOSE_SERVICE: Record<Engine, string> = {
  mariadb: 'mysql',
  cassandra: 'cassandra',
  mongo: 'mongo',
  kafka: 'kafka',
};

/** Stops an engine cleanly (its data stays), as an operator or a crash of the host would. */
export const stopEngine = (engine: Engine) => {
  if (docker()) run('docker', ['compose', 'stop', COMPOSE_SERVICE[engine]]);
  else run('infra/native/engines.sh', ['down', engine]);
};

export const startEngine = (engine: Engine) => {
  if (docker()) run('docker', ['compose', 'up', '-d', '--wait', COMPOSE_SERVICE[engine]]);
  else run('infra/native/engines.sh', ['up', engine]);
};

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Restarts one service (native only) with extra environment, e.g. an armed crash point
 * (`SHOP_CRASH_POINT`): the variables of the caller win over .env. Stopped gracefully, as an
 * operator would, so its consumers leave their groups and the new process gets its partitions
 * at once. Asynchronous on purpose: while it waits, the test's event loop sees the old process
 * close its keep-alive connections, so the next request opens a new one instead of writing
 * into a dead socket.
 */
export const restartServiceWith = async (service: string, env: Record<string, string>) => {
  const pid = pidOf(service);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(100);
  await promisify(execFile)(`${ROOT}infra/native/services.sh`, ['up'], {
    cwd: ROOT,
    timeout: 240_000,
    env: { ...process.env, ...env },
  });
};

/** Whether the process `make up` started for the service still runs (native). */
export const running = (service: string) => {
  try {
    return alive(pidOf(service));
  } catch {
    return false;
  }
};

/** Resolves once the service's process has ended (a crash point fired). */
export const exited = async (service: string, timeoutMs = 60_000) => {
  const pid = pidOf(service);
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`${service} (pid ${pid}) is still running`);
    await sleep(200);
  }
};
