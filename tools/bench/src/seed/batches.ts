/** [start, end) ranges of at most `size` covering 0..total, in order. */
export const chunksOf = (total: number, size: number): [number, number][] => {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be ≥ 1, not ${size}`);
  const chunks: [number, number][] = [];
  for (let start = 0; start < total; start += size)
    chunks.push([start, Math.min(total, start + size)]);
  return chunks;
};

/**
 * Runs `work` on every input with at most `limit` of them in flight at once (bounded, so a
 * seed of 100,000 never queues 100,000 requests on the driver); rejects with the first failure
 * once the ones already started have settled.
 */
export const forEachBounded = async <T>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => Promise<unknown>,
): Promise<void> => {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < inputs.length) {
      const input = inputs[next] as T;
      next += 1;
      try {
        await work(input);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, lane));
  if (failure) throw failure.error;
};
