import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve-app.ts', import.meta.url));

/** Starts the fixture service, waits until it listens, sends `signal`; resolves its exit code. */
const exitAfter = async (signal: NodeJS.Signals, env: Record<string, string> = {}) => {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  const started = Date.now();
  child.kill(signal);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, tookMs: Date.now() - started };
};

describe('serve: closing with grace', () => {
  it('when SIGTERM arrives, then the service closes and exits 0', async () => {
    const { code } = await exitAfter('SIGTERM');
    expect(code).toBe(0);
  });

  it('when a stop hangs past the close deadline, then the process exits 1 by itself instead of waiting for a SIGKILL', async () => {
    const { code, tookMs } = await exitAfter('SIGTERM', { STOP: 'hang' });
    expect(code).toBe(1);
    expect(tookMs).toBeGreaterThanOrEqual(900);
    expect(tookMs).toBeLessThan(10_000);
  });
});
