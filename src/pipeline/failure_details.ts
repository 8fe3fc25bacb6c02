/**
 * Turns an API failure into the error fields of a report record.
 *
 * @module
 */
import { HttpError, RejectedAnswerError } from "../http/errors.ts";
import { redactSecrets } from "../http/redact.ts";
import { AttemptsExhaustedError } from "../http/send_with_retry.ts";
import type { RecipientRecord } from "./outcome.ts";

/** Error fields of a record: type, message and HTTP status. */
export type FailureDetails = Pick<
  RecipientRecord,
  "errorType" | "errorMessage" | "httpStatus"
>;

/** Returns the last failure behind `error`, unwrapping retries. */
export function finalCause(error: unknown): unknown {
  return error instanceof AttemptsExhaustedError ? error.cause : error;
}

/** Describes `error` for a report, with every secret removed. */
export function failureDetails(
  error: unknown,
  secrets: readonly string[],
): FailureDetails {
  const cause = finalCause(error);
  const why = error instanceof AttemptsExhaustedError && error.why
    ? ` (not retried: ${error.why})`
    : "";
  const message = cause instanceof Error ? cause.message : String(cause);
  const status =
    cause instanceof HttpError || cause instanceof RejectedAnswerError
      ? cause.status
      : undefined;
  return {
    errorType: cause instanceof Error ? cause.name : "Error",
    errorMessage: redactSecrets(message + why, secrets),
    ...(status === undefined ? {} : { httpStatus: status }),
  };
}

/** Returns the attempts behind `error`, or 1 when it was not retried. */
export function attemptsOf(error: unknown): number {
  return error instanceof AttemptsExhaustedError ? error.attempts : 1;
}
