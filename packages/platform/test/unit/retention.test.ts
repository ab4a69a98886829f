import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.js';
import { purgeInBatches, retentionCutoff, retentionRound } from '../../src/retention.js';

/** A table of `rows` old rows: each batch deletes up to its limit of them. */
const oldRows = (rows: number) => {
  const state = { rows, batches: [] as number[] };
  const purge = async (limit: number) => {
    const deleted = Math.min(limit, state.rows);
    state.rows -= deleted;
    state.batches.push(deleted);
    return deleted;
  };
  return { state, purge };
};

const recordingLogger = () => {
  const lines: { level: string; fields: unknown; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: unknown, message = '') =>
      lines.push({ level, fields, message });
  const logger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
  } as unknown as Logger;
  return { logger, lines };
};

describe('retention purge', () => {
  it('when more old rows than one batch are there, then they go in batches until one comes back short', async () => {
    const table = oldRows(25);
    const total = await purgeInBatches(table.purge, { batchSize: 10, maxBatches: 5 });
    expect(total).toBe(25);
    expect(table.state.batches).toEqual([10, 10, 5]);
  });

  it('when the backlog is larger than a run may delete, then the run stops at maxBatches and leaves the rest', async () => {
    const table = oldRows(100);
    expect(await purgeInBatches(table.purge, { batchSize: 10, maxBatches: 3 })).toBe(30);
    expect(table.state.rows).toBe(70);
  });

  it('when one task fails, then the others still run and the failure is logged', async () => {
    const table = oldRows(3);
    const { logger, lines } = recordingLogger();
    const deleted = await retentionRound(
      {
        broken: async () => {
          throw new Error('store away');
        },
        fine: table.purge,
      },
      { logger, batchSize: 10, maxBatches: 2 },
    );
    expect(deleted).toEqual({ broken: 0, fine: 3 });
    expect(lines.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ task: 'broken' }) }),
    ]);
  });

  it('when the retention is given in hours, then the cutoff is that long before now', () => {
    const now = new Date('2030-01-08T00:00:00.000Z');
    expect(retentionCutoff(now, 168)).toEqual(new Date('2030-01-01T00:00:00.000Z'));
  });
});
