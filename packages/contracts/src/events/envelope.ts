import { z } from 'zod';
import { ServiceName, Timestamp, Uuid } from '../primitives.js';

/**
 * Fields every event shares (docs/contract/events.md#envelope). Envelopes are plain (non-strict)
 * objects on purpose: a consumer ignores fields added by a newer producer instead of
 * dead-lettering them.
 */
export const EnvelopeBase = z.object({
  eventId: Uuid,
  version: z.int().min(1),
  occurredAt: Timestamp,
  source: ServiceName,
  orderId: Uuid,
});
export type EnvelopeBase = z.infer<typeof EnvelopeBase>;

/** Builds the schema of one event type: the envelope with a literal `type` and its `data`. */
export const defineEvent = <const T extends string, D extends z.ZodType>(type: T, data: D) =>
  EnvelopeBase.extend({ type: z.literal(type), data });
