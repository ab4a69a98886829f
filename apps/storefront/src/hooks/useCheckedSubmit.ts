import { useState } from 'react';
import { ApiError } from '../api/client';

/** Field name → what is wrong with it, shown next to the field. */
export type FieldErrors = Record<string, string>;

/**
 * A back-office form's submission. The form's own checks come first: with any field error
 * nothing is sent. Then the request runs with the form busy; a refusal shows its message, and
 * the field errors of a problem+json response next to their fields (the service checks again,
 * and its answer is the one that counts).
 */
export const useCheckedSubmit = () => {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (checked: FieldErrors, send: () => Promise<void>) => {
    setError(null);
    setErrors(checked);
    if (Object.keys(checked).length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError) setErrors(failure.fields);
    } finally {
      setBusy(false);
    }
  };

  return { errors, error, busy, submit };
};
