import { errorMessage } from '../api/client';

/**
 * An error next to the form or section it belongs to. role="alert" makes screen readers
 * announce it as soon as it appears.
 */
export const ErrorMessage = ({ error }: { error: unknown }) => {
  if (error === null || error === undefined || error === '') return null;
  const message = typeof error === 'string' ? error : errorMessage(error);
  return (
    <div className="alert alert-danger" role="alert" data-testid="error-message">
      {message}
    </div>
  );
};
