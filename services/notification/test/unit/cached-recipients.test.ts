import { describe, expect, it } from 'vitest';
import { cachedRecipients } from '../../src/clients/cached-recipients.js';
import type { Recipient, Recipients } from '../../src/domain/ports.js';

const countingRecipients = (answers: Record<string, Recipient | null | Error>) => {
  const asked: string[] = [];
  const recipients: Recipients = {
    find: async (userId) => {
      asked.push(userId);
      const answer = answers[userId];
      if (answer instanceof Error) throw answer;
      return answer ?? null;
    },
  };
  return { recipients, asked };
};

const ada = { email: 'ada@example.com', name: 'Ada' };

describe('cached recipients', () => {
  it('when the same account is asked for twice, then account-service is asked once', async () => {
    const { recipients, asked } = countingRecipients({ u1: ada });
    const cached = cachedRecipients(recipients, { ttlMs: 60_000, max: 10 });
    expect(await cached.find('u1')).toEqual(ada);
    expect(await cached.find('u1')).toEqual(ada);
    expect(asked).toEqual(['u1']);
  });

  it('when the account is unknown, then it is asked again next time (nothing is remembered)', async () => {
    const { recipients, asked } = countingRecipients({});
    const cached = cachedRecipients(recipients, { ttlMs: 60_000, max: 10 });
    expect(await cached.find('nobody')).toBeNull();
    expect(await cached.find('nobody')).toBeNull();
    expect(asked).toEqual(['nobody', 'nobody']);
  });

  it('when account-service fails, then the failure reaches the caller and the next call asks again', async () => {
    const { recipients, asked } = countingRecipients({ u1: new Error('503') });
    const cached = cachedRecipients(recipients, { ttlMs: 60_000, max: 10 });
    await expect(cached.find('u1')).rejects.toThrow('503');
    await expect(cached.find('u1')).rejects.toThrow('503');
    expect(asked).toEqual(['u1', 'u1']);
  });

  it('when the time limit has passed, then account-service is asked again', async () => {
    const { recipients, asked } = countingRecipients({ u1: ada });
    const cached = cachedRecipients(recipients, { ttlMs: 1, max: 10 });
    await cached.find('u1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cached.find('u1');
    expect(asked).toEqual(['u1', 'u1']);
  });

  it('when more accounts than the bound are asked for, then the least recently used is forgotten', async () => {
    const { recipients, asked } = countingRecipients({ u1: ada, u2: ada, u3: ada });
    const cached = cachedRecipients(recipients, { ttlMs: 60_000, max: 2 });
    for (const id of ['u1', 'u2', 'u3', 'u1']) await cached.find(id);
    expect(asked).toEqual(['u1', 'u2', 'u3', 'u1']);
  });
});
