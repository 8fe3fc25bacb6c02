/**
 * Per-recipient outcomes of a run and the summary built from them.
 *
 * @module
 */

/** Where in the flow a recipient ended. */
export type Stage = "validation" | "assessment" | "sms";

/**
 * Final state of one input line.
 *
 * - `sent`: the SMS gateway accepted the message (not proof of delivery).
 * - `failed`: a step failed and the request provably did not take effect.
 * - `unknown`: a request may have taken effect, but no answer confirmed it.
 * - `skipped`: not attempted on purpose (duplicate, already sent, dry run).
 * - `not_attempted`: the run stopped before this recipient was tried.
 */
export type RecipientStatus =
  | "sent"
  | "failed"
  | "unknown"
  | "skipped"
  | "not_attempted";

/** One report row: what happened to one input line. */
export interface RecipientRecord {
  /** 1-based line number in the input file (the CSV header is line 1). */
  line: number;
  /** The phone value as written in the input. */
  input: string;
  /** E.164 form, when the value could be normalised. */
  phone?: string;
  /** Recipient name from a CSV `name` column. */
  name?: string;
  status: RecipientStatus;
  /** Stage reached; absent for `skipped` and `not_attempted`. */
  stage?: Stage;
  /** Short machine-readable reason for `skipped` and `not_attempted`. */
  reason?: string;
  assessmentId?: string;
  link?: string;
  expiresAt?: string;
  messageId?: string;
  /** SMS segments the rendered message takes. */
  segments?: number;
  /** HTTP attempts made for this recipient, both APIs together. */
  attempts: number;
  /** Error class name, such as `HttpError` or `TimeoutError`. */
  errorType?: string;
  /** Human-readable error, free of secrets and full phone numbers. */
  errorMessage?: string;
  /** HTTP status of the last failed answer. */
  httpStatus?: number;
  /** Every CSV column of the row, for the file of recipients to retry. */
  fields: Record<string, string>;
}

/** Counts and timing of a finished run. */
export interface RunSummary {
  runId: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  dryRun: boolean;
  total: number;
  sent: number;
  failed: number;
  unknown: number;
  skipped: number;
  notAttempted: number;
  /** Skipped lines counted by reason, such as `duplicate`. */
  skippedByReason: Record<string, number>;
  /** Failed and unknown recipients counted by stage. */
  failedByStage: Record<Stage, number>;
  /** Set when the run stopped early on a systemic failure or a signal. */
  stoppedReason?: string;
  /** Journal of this run, absent in a dry run. */
  journalPath?: string;
}
