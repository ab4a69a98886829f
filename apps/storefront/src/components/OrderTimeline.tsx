import type { TimelineEvent } from '../api/orders';
import { formatDateTime } from '../format';
import { humanize } from '../labels';

/** Every event about the order, oldest first, with the service that produced it. */
export const OrderTimeline = ({ events }: { events: TimelineEvent[] }) => (
  <section className="card" aria-labelledby="timeline-title">
    <h2 id="timeline-title">Timeline</h2>
    {events.length === 0 ? (
      <p className="muted">No events yet.</p>
    ) : (
      <ol className="timeline" data-testid="order-timeline">
        {events.map((event) => (
          <li key={event.eventId} className="timeline-event" data-event-type={event.type}>
            <span className="timeline-dot" aria-hidden="true" />
            <div>
              <p className="timeline-type">{humanize(event.type)}</p>
              <p className="muted small">
                <span className="service-tag">{event.source}</span>{' '}
                <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
              </p>
            </div>
          </li>
        ))}
      </ol>
    )}
  </section>
);
