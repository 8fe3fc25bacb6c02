/**
 * Failures found while rendering a recipient's message, shared by the real
 * run and the dry run so both report them the same way.
 *
 * @module
 */
import type { SegmentCount } from "../message/segments.ts";
import type { RecipientRecord } from "./outcome.ts";

/** Error fields of a record. */
type ErrorFields = Pick<RecipientRecord, "errorType" | "errorMessage">;

/** Describes a placeholder whose CSV cell is empty in this row. */
export function missingValueFailure(placeholder: string): ErrorFields {
  return {
    errorType: "MissingValueError",
    errorMessage:
      `Missing value for placeholder {${placeholder}}: the cell is empty in this row`,
  };
}

/** Describes a message longer than `max_sms_segments`. */
export function tooLongFailure(
  segments: SegmentCount,
  limit: number,
): ErrorFields {
  return {
    errorType: "MessageTooLongError",
    errorMessage:
      `Message takes ${segments.segments} SMS segments (${segments.encoding}), more than max_sms_segments ${limit}`,
  };
}

/**
 * A message that came out too long once the assessment's real link was in
 * it. A streak of these means the template does not fit any link the API
 * returns, so the run stops instead of creating assessments in vain.
 */
export class MessageTooLongError extends Error {
  /** Creates the error with the failure's message. */
  constructor(message: string) {
    super(message);
    this.name = "MessageTooLongError";
  }
}
