import { z } from 'zod';
import { OrderStatus } from './order-status.js';
import { Currency, MinorUnits, QueryInt, Text, Timestamp, Uuid } from './primitives.js';

/** pending until an operator replays it onto its topic or acknowledges it needs no replay. */
export const DEAD_LETTER_STATES = ['pending', 'replayed', 'acknowledged'] as const;
export const DeadLetterState = z.enum(DEAD_LETTER_STATES);
export type DeadLetterState = z.infer<typeof DeadLetterState>;

/** `<dead-letter topic>:<partition>:<offset>`, e.g. `payment.events.dlq:2:17`. */
export const DeadLetterId = z.string().regex(/^[a-z][A-Za-z0-9_.-]*\.dlq:[0-9]{1,6}:[0-9]{1,19}$/, {
  error: 'must be <topic>.dlq:<partition>:<offset>',
});

/** A message a consumer could never handle, copied to `<topic>.dlq` with why. */
export const DeadLetter = z.object({
  id: DeadLetterId,
  /** The saga topic it came from (logical name, e.g. `payment.events`). */
  topic: z.string(),
  /** Where it was read on its original topic. */
  originalPartition: z.int().nullable(),
  originalOffset: z.string().nullable(),
  /** `invalid` (not a valid event), `refused` (a 4xx of the domain), `handler-failed` (a bug). */
  reason: z.string(),
  error: z.string(),
  consumerGroup: z.string(),
  deadLetteredAt: Timestamp.nullable(),
  /** From the message when it parses: null for a message that is not a JSON event. */
  eventType: z.string().nullable(),
  eventId: z.string().nullable(),
  orderId: z.string().nullable(),
  state: DeadLetterState,
  /** When it was replayed or acknowledged, and the operator's note. */
  handledAt: Timestamp.nullable(),
  note: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const DeadLetterListQuery = z.strictObject({ state: DeadLetterState.optional() });

export const DeadLetterList = z.object({
  /** Dead letters neither replayed nor acknowledged, whatever the filter. */
  pending: z.int().min(0),
  deadLetters: z.array(DeadLetter),
});
export type DeadLetterList = z.infer<typeof DeadLetterList>;

const Note = Text(500);

/** Chosen dead letters, or every pending one. */
export const ReplayDeadLettersBody = z.union([
  z.strictObject({ ids: z.array(DeadLetterId).min(1).max(500), note: Note.optional() }),
  z.strictObject({ all: z.literal(true), note: Note.optional() }),
]);
export type ReplayDeadLettersBody = z.infer<typeof ReplayDeadLettersBody>;

export const ReplayResult = z.object({
  /** Produced again onto their topics, then recorded as replayed. */
  replayed: z.array(DeadLetterId),
  /** Already replayed or acknowledged: left alone. */
  skipped: z.array(z.object({ id: DeadLetterId, state: DeadLetterState })),
});
export type ReplayResult = z.infer<typeof ReplayResult>;

/** Why the saga has not moved an order on: PAID and never COMPLETED, or unpaid past its deadline. */
export const STUCK_REASONS = ['paid-not-completed', 'unpaid-past-deadline'] as const;
export const StuckReason = z.enum(STUCK_REASONS);

/** How long past the expected step an order must be to count as stuck (10 s to a day). */
export const StuckOrdersQuery = z.strictObject({
  graceSeconds: QueryInt(10, 86_400).default(120),
});

export const StuckOrder = z.object({
  orderId: Uuid,
  userId: Uuid,
  status: OrderStatus,
  reason: StuckReason,
  /** Since when it should have moved: the payment (PAID) or the deadline (unpaid). */
  since: Timestamp,
  totalAmount: MinorUnits,
  currency: Currency,
});

export const StuckOrders = z.object({
  graceSeconds: z.int(),
  orders: z.array(StuckOrder),
  /** True when the bounded look (the newest orders of each status) did not reach the end. */
  truncated: z.boolean(),
});
export type StuckOrders = z.infer<typeof StuckOrders>;
