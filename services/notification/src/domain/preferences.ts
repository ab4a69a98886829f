import type {
  NotificationChannel,
  NotificationPreferences,
  NotificationPreferencesBody,
} from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import type { PhoneRecipient, Recipients } from './ports.js';

/** What a customer chose: which channels, and the number text messages go to. */
export interface PreferencesRecord extends NotificationPreferencesBody {
  userId: string;
  /** null until the customer saved any (the defaults apply). */
  updatedAt: Date | null;
}

export interface PreferencesStore {
  /** The saved preferences of a user; null when they never saved any. */
  find(userId: string): Promise<PreferencesRecord | null>;
  /** Replaces a user's preferences (PUT semantics: every field at once). */
  save(preferences: PreferencesRecord): Promise<void>;
}

/**
 * Until a customer says otherwise: email and the in-app inbox on; text messages off, since
 * the shop has no phone number for them (an account has none).
 */
export const DEFAULT_PREFERENCES: NotificationPreferencesBody = {
  email: true,
  sms: false,
  inApp: true,
  phone: null,
};

/** A user's preferences in force: the saved ones, or the defaults. */
export const preferencesOf = (userId: string, saved: PreferencesRecord | null): PreferencesRecord =>
  saved ?? { userId, ...DEFAULT_PREFERENCES, updatedAt: null };

/**
 * The channels a notification goes to under these preferences, in a fixed order. SMS needs a
 * number as well as the switch (the API refuses one without the other, but a stored record is
 * not trusted to say so).
 */
export const channelsFor = (
  preferences: Pick<PreferencesRecord, 'email' | 'sms' | 'inApp' | 'phone'>,
): NotificationChannel[] => [
  ...(preferences.email ? (['email'] as const) : []),
  ...(preferences.sms && preferences.phone ? (['sms'] as const) : []),
  ...(preferences.inApp ? (['in_app'] as const) : []),
];

/** The number a text message goes to at delivery time; null once SMS was switched off. */
export const phoneRecipientOf = (
  preferences: Pick<PreferencesRecord, 'sms' | 'phone'>,
): PhoneRecipient | null =>
  preferences.sms && preferences.phone ? { phone: preferences.phone } : null;

/** The SMS channel's recipients: the customer's preferences as they are when it is sent. */
export const phoneRecipients = (store: PreferencesStore): Recipients<PhoneRecipient> => ({
  find: async (userId) => phoneRecipientOf(preferencesOf(userId, await store.find(userId))),
});

const toPublic = ({ email, sms, inApp, phone, updatedAt }: PreferencesRecord) =>
  ({
    email,
    sms,
    inApp,
    phone,
    updatedAt: updatedAt?.toISOString() ?? null,
  }) satisfies NotificationPreferences;

export interface PreferencesDeps {
  preferences: PreferencesStore;
  now: () => Date;
}

/** The caller's own preferences (there is no way to name another account's). */
export const readPreferences = async (deps: PreferencesDeps, caller: Caller) =>
  toPublic(preferencesOf(caller.id, await deps.preferences.find(caller.id)));

/** Replaces the caller's own preferences; the body was validated (SMS needs a phone). */
export const savePreferences = async (
  deps: PreferencesDeps,
  caller: Caller,
  body: NotificationPreferencesBody,
) => {
  const record: PreferencesRecord = { userId: caller.id, ...body, updatedAt: deps.now() };
  await deps.preferences.save(record);
  return toPublic(record);
};
