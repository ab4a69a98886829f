import { describe, expect, it } from 'vitest';
import { deadLetterNotice } from '../src/labels';

describe('deadLetterNotice (admin page)', () => {
  it('when nothing is dead-lettered, then the notice is calm', () => {
    expect(deadLetterNotice(0)).toMatchObject({ tone: 'success' });
  });

  it('when events wait, then it counts them and names make dlq', () => {
    expect(deadLetterNotice(1).text).toMatch(/^1 dead-lettered event waits .*make dlq/);
    expect(deadLetterNotice(3)).toMatchObject({ tone: 'warning' });
    expect(deadLetterNotice(3).text).toMatch(/^3 dead-lettered events wait /);
  });
});
