import { createHash, randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { StreamTicketStore } from '../domain/stream-tickets.js';
import type { StreamTicketDocument } from './indexes.js';

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/**
 * Stream tickets in MongoDB, so one replica can redeem what another issued (the gateway spreads
 * the POST and the GET over the replicas). Only the hash of a ticket is stored; redeeming
 * deletes it, and `deletedCount` says who won, so a ticket opens at most one stream.
 */
export const createStreamTicketRepository = (
  tickets: Collection<StreamTicketDocument>,
): StreamTicketStore => ({
  issue: async (userId, expiresAt, now) => {
    // Tickets nobody redeemed: few (one per page load), so this sweep stays small.
    await tickets.deleteMany({ expiresAt: { $lte: now } });
    const ticket = randomBytes(32).toString('base64url');
    await tickets.insertOne({ _id: hashOf(ticket), userId, expiresAt });
    return ticket;
  },
  redeem: async (ticket, now) => {
    const _id = hashOf(ticket);
    const found = await tickets.findOne({ _id });
    if (!found) return null;
    const { deletedCount } = await tickets.deleteOne({ _id });
    return deletedCount === 1 && found.expiresAt > now ? found.userId : null;
  },
});
