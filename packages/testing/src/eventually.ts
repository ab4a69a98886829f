/**
 * Polls `probe` until it returns a value that is not undefined/false, or fails with the last
 * error after `timeoutMs`. For asynchronous outcomes: never a fixed sleep.
 */
export const eventually = async <T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `${what} not reached within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`,
  );
};
