/**
 * The lines of a run journal: one JSON object a line, appended as each
 * step of each recipient starts and ends.
 *
 * @module
 */

/** First line of a journal: what the run was started on. */
export interface RunHeader {
  type: "run";
  version: 1;
  runId: string;
  startedAt: string;
  /** Input file as given on the command line (`-` for stdin). */
  input: string;
  /** SHA-256 of the input bytes, when the input is a file. */
  inputSha256?: string;
  /** SHA-256 of the configuration that affects what is sent. */
  configSha256: string;
}

/** A line appended when a run starts again from this journal. */
export interface ResumeMark {
  type: "resume";
  at: string;
}

/** Steps of one recipient, in the order they happen. */
export type StepRecord =
  | { type: "assessment_requested"; phone: string; key: string }
  | {
    type: "assessment_created";
    phone: string;
    id?: string;
    link: string;
    expiresAt?: string;
  }
  | { type: "sms_requested"; phone: string; key: string }
  | { type: "sms_sent"; phone: string; messageId?: string }
  | {
    type: "failed";
    phone: string;
    stage: "assessment" | "sms";
    error: string;
  }
  | { type: "unknown"; phone: string; stage: "sms"; error: string };

/** Any line of a journal. */
export type JournalRecord = RunHeader | ResumeMark | StepRecord;
