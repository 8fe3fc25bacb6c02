/**
 * Records of input lines that never reach an API: rejected, duplicate,
 * outside the allowlist or not attempted.
 *
 * @module
 */
import type { InputItem, Recipient } from "../input/read_recipients.ts";
import type { RecipientRecord } from "./outcome.ts";

type Rejected = Extract<InputItem, { kind: "rejected" }>;

/** Records an input line that could not be used. */
export function rejectedRecord(item: Rejected): RecipientRecord {
  if (item.duplicateOf !== undefined) {
    return {
      line: item.line,
      input: item.input,
      status: "skipped",
      reason: "duplicate",
      errorMessage: item.reason,
      attempts: 0,
      fields: item.fields,
    };
  }
  return {
    line: item.line,
    input: item.input,
    status: "failed",
    stage: "validation",
    errorType: "InvalidNumber",
    errorMessage: item.reason,
    attempts: 0,
    fields: item.fields,
  };
}

/** Records a recipient outside `safety.allowed_numbers`. */
export function notAllowedRecord(recipient: Recipient): RecipientRecord {
  return {
    ...baseOf(recipient),
    status: "failed",
    stage: "validation",
    errorType: "NotAllowed",
    errorMessage:
      "Number is not in safety.allowed_numbers: add it there to send to it",
  };
}

/** Records a recipient the run stopped before trying. */
export function notAttemptedRecord(
  recipient: Recipient,
  why: string,
): RecipientRecord {
  return {
    ...baseOf(recipient),
    status: "not_attempted",
    reason: why,
  };
}

/**
 * Records a recipient whose processing failed outside the API calls. Its
 * outcome is unknown, because a request may have gone out before the
 * failure.
 */
export function internalErrorRecord(
  recipient: Recipient,
  message: string,
): RecipientRecord {
  return {
    ...baseOf(recipient),
    status: "unknown",
    stage: "sms",
    errorType: "InternalError",
    errorMessage: message,
  };
}

function baseOf(recipient: Recipient) {
  return {
    line: recipient.line,
    input: recipient.input,
    phone: recipient.phone,
    ...(recipient.name === undefined ? {} : { name: recipient.name }),
    attempts: 0,
    fields: recipient.fields,
  };
}
