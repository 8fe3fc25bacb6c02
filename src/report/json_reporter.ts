/**
 * The JSON report: `{"records":[...],"summary":{...}}`, one record a line.
 *
 * Records are streamed to the file as they arrive, so the summary, known
 * only at the end of the run, comes after them. Readers that need the
 * summary first must parse the whole file.
 *
 * @module
 */

import type { RecipientRecord, RunSummary } from "../pipeline/outcome.ts";
import { AtomicFile } from "./atomic_file.ts";
import type { FileReporter } from "./reporter.ts";
import { toReportRow } from "./report_row.ts";

/** The `summary` object of the JSON report. */
export interface JsonReportSummary {
  run_id: string;
  started_at: string;
  ended_at: string;
  duration_ms: number;
  dry_run: boolean;
  counts: {
    total: number;
    sent: number;
    failed: number;
    unknown: number;
    skipped: number;
    not_attempted: number;
  };
  skipped_by_reason: Record<string, number>;
  failed_by_stage: Record<string, number>;
  stopped_reason: string | null;
  journal: string | null;
}

/** Writes records and the run summary to one JSON file. */
export class JsonReporter implements FileReporter {
  /** Kind of file, named in messages. */
  readonly label = "report";
  #file: AtomicFile;
  #count = 0;
  #path: string | undefined;

  private constructor(file: AtomicFile) {
    this.#file = file;
  }

  /**
   * Starts the report that will replace `path` when finished.
   *
   * @throws {import("./atomic_file.ts").FileWriteError} when the file
   * cannot be created.
   */
  static async open(path: string): Promise<JsonReporter> {
    const file = await AtomicFile.create(path, { label: "report" });
    await file.write('{"records":[');
    return new JsonReporter(file);
  }

  /** Path of the written report, once finished. */
  get path(): string | undefined {
    return this.#path;
  }

  /** Appends `record` to the `records` array. */
  write(record: RecipientRecord): Promise<void> {
    const separator = this.#count === 0 ? "\n" : ",\n";
    this.#count += 1;
    return this.#file.write(separator + JSON.stringify(toReportRow(record)));
  }

  /** Writes the summary and commits the file. */
  async finish(summary: RunSummary): Promise<void> {
    const json = JSON.stringify(toJsonSummary(summary), null, 2);
    await this.#file.write(`\n],\n"summary":${json}}\n`);
    await this.#file.commit();
    this.#path = this.#file.path;
  }

  /** Discards the file unless finished. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#file.abort();
  }
}

/** Converts `summary` to the snake_case object of the JSON report. */
export function toJsonSummary(summary: RunSummary): JsonReportSummary {
  return {
    run_id: summary.runId,
    started_at: summary.startedAt,
    ended_at: summary.endedAt,
    duration_ms: summary.durationMs,
    dry_run: summary.dryRun,
    counts: {
      total: summary.total,
      sent: summary.sent,
      failed: summary.failed,
      unknown: summary.unknown,
      skipped: summary.skipped,
      not_attempted: summary.notAttempted,
    },
    skipped_by_reason: { ...summary.skippedByReason },
    failed_by_stage: { ...summary.failedByStage },
    stopped_reason: summary.stoppedReason ?? null,
    journal: summary.journalPath ?? null,
  };
}
