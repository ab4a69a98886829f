import type { AccountEvent } from '@shop/contracts';
import { type Db, MongoServerError } from 'mongodb';
import type { AccountEmailLog, AccountEmailOutcome } from '../domain/account-email-sending.js';

interface AccountEmailDocument {
  /** The event id: one record per account event. */
  _id: string;
  type: AccountEvent['type'];
  accountId: string;
  outcome: AccountEmailOutcome;
  at: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * Which account events were handled, and how: no address, no body and no token are kept
 * (the token is a working credential until it expires).
 */
export const createAccountEmailLog = (db: Db): AccountEmailLog => {
  const collection = db.collection<AccountEmailDocument>('account_emails');
  return {
    handled: async (eventId) =>
      (await collection.countDocuments({ _id: eventId }, { limit: 1 })) > 0,
    record: async (event, outcome, at) => {
      try {
        await collection.insertOne({
          _id: event.eventId,
          type: event.type,
          accountId: event.accountId,
          outcome,
          at,
        });
      } catch (error) {
        // Recorded by an earlier delivery of the same event: the same fact, nothing to add.
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      }
    },
  };
};
