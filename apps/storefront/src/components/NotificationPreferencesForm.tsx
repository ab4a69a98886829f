import type { NotificationPreferences } from '@shop/contracts';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { getNotificationPreferences, saveNotificationPreferences } from '../api/notifications';
import { useResource } from '../hooks/useResource';
import { ErrorMessage } from './ErrorMessage';
import { TextField } from './Field';

type Draft = { email: boolean; sms: boolean; inApp: boolean; phone: string };

const draftOf = (saved: NotificationPreferences): Draft => ({
  email: saved.email,
  sms: saved.sms,
  inApp: saved.inApp,
  phone: saved.phone ?? '',
});

/** Where the shop tells you about your orders: email, text messages, this inbox. */
export const NotificationPreferencesForm = () => {
  const fetcher = useCallback(() => getNotificationPreferences(), []);
  const { data, error: loadError, setData } = useResource(fetcher);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (data) setDraft(draftOf(data));
  }, [data]);

  if (!draft) return loadError ? <ErrorMessage error={loadError} /> : null;

  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const phone = draft.phone.trim() || null;
      setData(await saveNotificationPreferences({ ...draft, phone }));
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  const fields = error instanceof ApiError ? error.fields : {};

  return (
    <form className="card" onSubmit={submit} data-testid="notification-preferences">
      <fieldset>
        <legend>How we tell you about your orders</legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.email}
            onChange={(e) => change({ email: e.target.checked })}
          />
          Email
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.inApp}
            onChange={(e) => change({ inApp: e.target.checked })}
          />
          In this inbox, live
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.sms}
            onChange={(e) => change({ sms: e.target.checked })}
          />
          Text message (SMS)
        </label>
        <TextField
          label="Mobile number"
          type="tel"
          autoComplete="tel"
          placeholder="+14155550123"
          value={draft.phone}
          onChange={(e) => change({ phone: e.target.value })}
          hint="With the country code, e.g. +14155550123. Needed for text messages."
          error={fields.phone}
          required={draft.sms}
        />
      </fieldset>
      <ErrorMessage error={error} />
      <button type="submit" className="button" disabled={saving}>
        {saving ? 'Saving…' : 'Save preferences'}
      </button>
      {saved ? (
        <p className="small" role="status">
          Preferences saved.
        </p>
      ) : null}
    </form>
  );
};
