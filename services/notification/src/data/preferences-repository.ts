import type { Collection } from 'mongodb';
import type { PreferencesStore } from '../domain/preferences.js';
import type { PreferencesDocument } from './indexes.js';

/** Preferences by account id: a point read per event, a whole-document replace per PUT. */
export const createPreferencesRepository = (
  preferences: Collection<PreferencesDocument>,
): PreferencesStore => ({
  find: async (userId) => {
    const doc = await preferences.findOne({ _id: userId });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { userId: _id, ...rest };
  },
  save: async ({ userId, ...rest }) => {
    await preferences.replaceOne({ _id: userId }, rest, { upsert: true });
  },
});
