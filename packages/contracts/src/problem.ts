import { z } from 'zod';

/** One failed check of a request, e.g. `{path: "items.0.quantity", message: "must be at least 1"}`. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/**
 * RFC 9457 problem details, the body of every error response (`application/problem+json`).
 * Loose: a problem may carry extension members (e.g. the short lines of a refused hold).
 */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
