/**
 * The interface every reporter implements.
 *
 * @module
 */

import type { RecipientRecord, RunSummary } from "../pipeline/outcome.ts";

/**
 * A sink for the records of one run. Records arrive one at a time while the
 * run goes, and the summary arrives once at the end.
 *
 * Disposing a reporter that was not finished discards what it wrote (a half
 * written file is removed) and never throws.
 */
export interface Reporter extends AsyncDisposable {
  /** Reports one recipient's outcome. */
  write(record: RecipientRecord): Promise<void>;
  /** Reports the summary and completes the output, such as a file. */
  finish(summary: RunSummary): Promise<void>;
}

/** A reporter that writes one file, whole or not at all. */
export interface FileReporter extends Reporter {
  /** Kind of file, such as `report` or `retry file`. */
  readonly label: string;
  /**
   * Path of the written file, set once {@linkcode Reporter.finish} has
   * committed it; `undefined` before, and when nothing was written.
   */
  readonly path: string | undefined;
}
