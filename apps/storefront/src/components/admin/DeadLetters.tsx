import { pendingDeadLetters } from '../../api/operations';
import { useResource } from '../../hooks/useResource';
import { deadLetterNotice } from '../../labels';
import { ErrorMessage } from '../ErrorMessage';

/** The count of saga events no consumer could handle, and where to deal with them. */
export const DeadLetters = () => {
  const pending = useResource(pendingDeadLetters);
  const notice = pending.data === undefined ? undefined : deadLetterNotice(pending.data);
  return (
    <section className="card" aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead letters</h2>
      <ErrorMessage error={pending.error} />
      {notice && (
        <p className={`alert alert-${notice.tone}`} data-testid="dead-letters">
          {notice.text}
        </p>
      )}
    </section>
  );
};
