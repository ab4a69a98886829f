import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  useId,
  useState,
} from 'react';

type Common = { label: string; error?: string | undefined; hint?: ReactNode };

/** Wires the label, hint and error to the control (aria-describedby, aria-invalid). */
const useDescribedBy = (error: string | undefined, hint: ReactNode) => {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
};

const Extras = ({
  hint,
  hintId,
  error,
  errorId,
}: {
  hint: ReactNode;
  hintId: string | undefined;
  error: string | undefined;
  errorId: string | undefined;
}) => (
  <>
    {hint ? (
      <p className="field-hint" id={hintId}>
        {hint}
      </p>
    ) : null}
    {error ? (
      <p className="field-error" id={errorId}>
        {error}
      </p>
    ) : null}
  </>
);

export const TextField = ({
  label,
  error,
  hint,
  className,
  ...input
}: Common & InputHTMLAttributes<HTMLInputElement>) => {
  const { id, hintId, errorId, describedBy } = useDescribedBy(error, hint);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <Extras hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
};

/**
 * A password, typed once: a "Show" button reveals what was typed instead of a second field to
 * repeat it (what shoppers mistype, they can read back). Every password form uses it, so sign-up,
 * log-in and reset behave alike.
 */
export const PasswordField = ({
  label,
  error,
  hint,
  className,
  ...input
}: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) => {
  const { id, hintId, errorId, describedBy } = useDescribedBy(error, hint);
  const [shown, setShown] = useState(false);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="password-input">
        <input
          id={id}
          type={shown ? 'text' : 'password'}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...input}
        />
        <button
          type="button"
          className="button button-secondary"
          aria-controls={id}
          aria-pressed={shown}
          onClick={() => setShown((was) => !was)}
        >
          {/* Named "Show password" (pressed or not) by its text, not aria-label: the field's
              label stays the only one matching "Password". */}
          Show<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      </div>
      <Extras hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
};

export const SelectField = ({
  label,
  error,
  hint,
  className,
  children,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement>) => {
  const { id, hintId, errorId, describedBy } = useDescribedBy(error, hint);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...select}
      >
        {children}
      </select>
      <Extras hint={hint} hintId={hintId} error={error} errorId={errorId} />
    </div>
  );
};
