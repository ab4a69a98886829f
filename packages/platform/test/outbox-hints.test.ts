import { describe, expect, it } from 'vitest';
import { type OutboxMessage, outboxHints } from '../src/kafka/index.js';

/** An outbox in memory: place → pending event ids; every read and search is recorded. */
const memoryPlaces = (pending: Record<string, string[]>) => {
  const calls: string[] = [];
  const messagesOf = (place: string): OutboxMessage[] =>
    (pending[place] ?? []).map((id) => ({
      id,
      topic: 't',
      key: place,
      value: '',
      headers: {},
      ref: place,
    }));
  return {
    calls,
    reads: {
      readPlaces: async (places: string[]) => {
        calls.push(`read ${places.join(',')}`);
        return places.flatMap(messagesOf);
      },
      search: async () => {
        calls.push('search');
        return Object.keys(pending).flatMap(messagesOf);
      },
      placeOf: (message: OutboxMessage) => String(message.ref),
    },
  };
};

describe('outbox hints', () => {
  it('when the first hinted places have nothing pending, then the next ones are read in the same call', async () => {
    const { reads, calls } = memoryPlaces({ c: ['event-c'] });
    const hints = outboxHints(reads, { sweepIntervalMs: 60_000, now: () => 0 });
    await hints.pending(10); // the first search, due at start-up
    for (const place of ['a', 'b', 'c']) hints.written(place);

    const messages = await hints.pending(2);

    expect(messages.map((message) => message.id)).toEqual(['event-c']);
    expect(calls).toEqual(['search', 'read a,b', 'read c']);
  });

  it('when hinted places keep the relay busy, then the search still runs once it is due', async () => {
    const { reads, calls } = memoryPlaces({ busy: ['event-1'], left: ['event-2'] });
    let clock = 0;
    const hints = outboxHints(reads, { sweepIntervalMs: 5_000, now: () => clock });
    hints.written('busy');
    const first = await hints.pending(10);
    hints.written('busy');
    clock = 1_000;
    const second = await hints.pending(10);
    clock = 6_000;
    const third = await hints.pending(10);

    expect(calls.filter((call) => call === 'search')).toHaveLength(2); // at 0 and at 6 s
    expect(second.map((message) => message.id)).toEqual(['event-1']);
    // Found by both the hint and the search, sent once.
    expect(third.map((message) => message.id)).toEqual(['event-1', 'event-2']);
    expect(first.map((message) => message.id)).toEqual(['event-1', 'event-2']);
  });

  it('when every message read from a place is marked published, then the place is not read again to settle it', async () => {
    const { reads, calls } = memoryPlaces({ a: ['event-a'] });
    const hints = outboxHints(reads, { sweepIntervalMs: 60_000, now: () => 0 });
    await hints.pending(10); // the first search, due at start-up
    hints.written('a');
    const sent = await hints.pending(10);

    hints.published(sent);
    const next = await hints.pending(10);

    expect(next).toEqual([]);
    expect(calls).toEqual(['search', 'read a']);
  });

  it('when a place is written again after it was read, then publishing what was read keeps its hint', async () => {
    const { reads, calls } = memoryPlaces({ a: ['event-a'] });
    const hints = outboxHints(reads, { sweepIntervalMs: 60_000, now: () => 0 });
    await hints.pending(10);
    hints.written('a');
    const sent = await hints.pending(10);
    hints.written('a'); // a newer write, which the read above may have missed

    hints.published(sent);
    await hints.pending(10);

    expect(calls).toEqual(['search', 'read a', 'read a']);
  });

  it('when only some messages read from a place are marked published, then the place is read again', async () => {
    const { reads, calls } = memoryPlaces({ a: ['event-1', 'event-2'] });
    const hints = outboxHints(reads, { sweepIntervalMs: 60_000, now: () => 0 });
    await hints.pending(10);
    hints.written('a');
    const sent = await hints.pending(10);

    hints.published(sent.slice(0, 1));
    const next = await hints.pending(10);

    expect(next.map((message) => message.id)).toEqual(['event-1', 'event-2']);
    expect(calls).toEqual(['search', 'read a', 'read a']);
  });
});
