import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';

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
