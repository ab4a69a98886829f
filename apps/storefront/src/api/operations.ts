import type { DeadLetterList } from '@shop/contracts';
import { api } from './client';

/** ADMIN: how many dead-lettered events wait for an operator (`make dlq` lists and replays them). */
export const pendingDeadLetters = () =>
  api<DeadLetterList>('/operations/dead-letters', { query: { state: 'pending' } }).then(
    (body) => body.pending,
  );
