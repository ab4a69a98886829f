import type { DeliveryDeps, DeliveryPolicy } from '../../src/domain/delivery.js';
import { isDue } from '../../src/domain/delivery-rules.js';
import type { ClaimedNotification, NotificationRecord } from '../../src/domain/model.js';
import type { NotificationDeps } from '../../src/domain/notifications.js';
import type {
  MailTransport,
  NotificationStore,
  OutgoingMail,
  Recipient,
} from '../../src/domain/ports.js';
import type { PreferencesRecord, PreferencesStore } from '../../src/domain/preferences.js';

interface Stored extends NotificationRecord {
  claimId: string | null;
  claimedUntil: Date | null;
}

const record = ({ claimId: _c, claimedUntil: _u, ...rest }: Stored): NotificationRecord => ({
  ...rest,
});

/**
 * The notification store in memory, with the repository's semantics: an insert of a known id
 * is refused; a claim is a compare-and-set on the id, the claim and the attempts read with the
 * candidate, and only of a notification still due; the end of an attempt applies only while
 * its claim still holds, counts the attempt and releases the claim. Each method reads and
 * writes with no await in between, so it is as atomic as the single-document update.
 */
export const inMemoryNotifications = () => {
  const documents = new Map<string, Stored>();
  const store: NotificationStore = {
    insert: async (notification) => {
      if (documents.has(notification.id)) return false;
      documents.set(notification.id, { ...notification, claimId: null, claimedUntil: null });
      return true;
    },
    listByUser: async (userId, limit, cursor) => {
      // Keyset paging is the repository's own, tested against MongoDB in the service suite.
      if (cursor) throw new Error('the in-memory store has one page only');
      const mine = [...documents.values()]
        .filter((doc) => doc.userId === userId)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
      return { notifications: mine.slice(0, limit).map(record), nextCursor: null };
    },
    findDue: async (now, limit) =>
      [...documents.values()]
        .filter((doc) => isDue(doc, now))
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
        .slice(0, limit)
        .map((doc) => ({ ...record(doc), claimId: doc.claimId })),
    claim: async (candidate, now, claimedUntil) => {
      const doc = documents.get(candidate.id);
      const unchanged =
        doc && doc.claimId === candidate.claimId && doc.attempts === candidate.attempts;
      if (!unchanged || !isDue(doc, now)) return null;
      const claimId = crypto.randomUUID();
      Object.assign(doc, { claimId, claimedUntil, updatedAt: now });
      return { ...candidate, claimId };
    },
    markSent: async (claim, to, sentAt) =>
      finish(claim, { status: 'SENT', to, sentAt, lastError: null }, sentAt),
    retryLater: async (claim, error, nextAttemptAt, now) =>
      finish(claim, { lastError: error, nextAttemptAt }, now),
    markFailed: async (claim, error, now) =>
      finish(claim, { status: 'FAILED', lastError: error }, now),
  };
  const finish = (claim: ClaimedNotification, set: Partial<Stored>, now: Date) => {
    const doc = documents.get(claim.id);
    if (!doc || doc.claimId !== claim.claimId) return false;
    Object.assign(doc, set, { claimId: null, claimedUntil: null, updatedAt: now });
    doc.attempts += 1;
    return true;
  };
  return { store, documents };
};

/** account-service's address book: null for an unknown user; `down` makes it throw. */
export const fakeRecipients = () => {
  const known = new Map<string, Recipient>();
  const state = { down: null as Error | null, asked: 0 };
  return {
    known,
    state,
    recipients: {
      find: async (userId: string) => {
        state.asked += 1;
        if (state.down) throw state.down;
        return known.get(userId) ?? null;
      },
    },
  };
};

/** A mail server that keeps what it accepts; `refuse` makes the next sends throw it. */
export const fakeTransport = () => {
  const sent: OutgoingMail[] = [];
  const state = { refuse: null as Error | null };
  const transport: MailTransport = {
    send: async (mail) => {
      // A real send takes a while: lets other lanes and workers run in between.
      await new Promise((resolve) => setImmediate(resolve));
      if (state.refuse) throw state.refuse;
      sent.push(mail);
    },
    close: async () => undefined,
  };
  return { transport, sent, state };
};

export const POLICY: DeliveryPolicy = {
  maxAttempts: 3,
  retryBaseMs: 60_000,
  retryMaxMs: 600_000,
  claimTimeoutMs: 60_000,
};

/** Delivery over in-memory ports at a clock the test moves. */
export const deliveryWorld = (policy = POLICY) => {
  const notifications = inMemoryNotifications();
  const recipients = fakeRecipients();
  const mail = fakeTransport();
  const clock = { now: new Date('2030-01-01T10:00:00.000Z') };
  const deps: DeliveryDeps = {
    notifications: notifications.store,
    recipients: recipients.recipients,
    transport: mail.transport,
    now: () => new Date(clock.now),
    policy,
  };
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  /** A known customer with an address. */
  const customer = () => {
    const id = crypto.randomUUID();
    const recipient = { email: `${id}@test.example`, name: 'Ann Buyer' };
    recipients.known.set(id, recipient);
    return { id, ...recipient };
  };
  return { deps, notifications, recipients, mail, clock, advance, customer };
};

/** Saved preferences in memory, replaced whole on save, as the repository does. */
export const inMemoryPreferences = () => {
  const saved = new Map<string, PreferencesRecord>();
  const store: PreferencesStore = {
    find: async (userId) => {
      const found = saved.get(userId);
      return found ? { ...found } : null;
    },
    save: async (preferences) => {
      saved.set(preferences.userId, { ...preferences });
    },
  };
  return { store, saved };
};

/**
 * The consumer's deps around the parts a test names: by default no one saved preferences
 * (email and in-app), text messages go to an in-memory store, and nothing listens live.
 */
export const consumerDeps = (
  given: Pick<NotificationDeps, 'notifications' | 'now' | 'deliverNow'> & Partial<NotificationDeps>,
): NotificationDeps => ({
  textMessages: inMemoryNotifications().store,
  preferences: inMemoryPreferences().store,
  deliverSmsNow: () => undefined,
  announce: () => undefined,
  ...given,
});
