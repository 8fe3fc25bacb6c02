/**
 * The console reporter: a line per record in verbose mode, and a summary
 * at the end. It keeps counts and a few examples, never all records.
 *
 * @module
 */

import type {
  RecipientRecord,
  RunSummary,
  Stage,
} from "../pipeline/outcome.ts";
import {
  type FailureGroup,
  formatQuietLine,
  formatRecordLine,
  formatSummary,
  MAX_EXAMPLES,
  type WrittenFile,
} from "./console_text.ts";
import { maskInput, maskPhone } from "./mask.ts";
import type { Reporter } from "./reporter.ts";

/** Destination of the console reporter's text, such as stdout. */
export interface ConsoleSink {
  /** Writes one line; the sink adds the line break. */
  writeLine(text: string): void;
}

/** Options of {@linkcode ConsoleReporter}. */
export interface ConsoleReporterOptions {
  /** Prints a line per record and shows full phone numbers and links. */
  verbose: boolean;
  /** Prints only a one-line summary, and no line per record. */
  quiet: boolean;
  /** Colours counts and statuses with ANSI codes. */
  colors: boolean;
}

/** Reports to the console through a {@linkcode ConsoleSink}. */
export class ConsoleReporter implements Reporter {
  #sink: ConsoleSink;
  #options: ConsoleReporterOptions;
  #groups = new Map<string, FailureGroup>();
  #files: WrittenFile[] = [];

  /** Creates a reporter writing to `sink`. */
  constructor(sink: ConsoleSink, options: ConsoleReporterOptions) {
    this.#sink = sink;
    this.#options = options;
  }

  /**
   * Sets the files to list in the summary. Call it before
   * {@linkcode finish}, once the files are committed.
   */
  setWrittenFiles(files: readonly WrittenFile[]): void {
    this.#files = [...files];
  }

  /** Counts `record`, and prints it in verbose mode. */
  write(record: RecipientRecord): Promise<void> {
    const { verbose, quiet, colors } = this.#options;
    if (verbose && !quiet) {
      this.#sink.writeLine(formatRecordLine(record, colors));
    }
    if (record.status === "failed" || record.status === "unknown") {
      this.#addFailure(record);
    }
    return Promise.resolve();
  }

  /** Prints the summary of the run. */
  finish(summary: RunSummary): Promise<void> {
    const { quiet, colors } = this.#options;
    if (quiet) {
      this.#sink.writeLine(formatQuietLine(summary, colors));
      return Promise.resolve();
    }

    const groups = [...this.#groups.values()];
    const lines = formatSummary(summary, {
      groups,
      files: this.#files,
      colors,
    });
    for (const line of lines) this.#sink.writeLine(line);
    return Promise.resolve();
  }

  /** Holds no resources; present to fit {@linkcode Reporter}. */
  [Symbol.asyncDispose](): Promise<void> {
    return Promise.resolve();
  }

  #addFailure(record: RecipientRecord): void {
    // Failed and unknown records carry a stage; the fallback keeps a
    // malformed record visible instead of dropping it.
    const stage: Stage = record.stage ?? "validation";
    const reason = failureReason(record);
    let key = `${stage}\n${reason}`;
    let group = this.#groups.get(key);
    if (group === undefined && this.#groups.size >= MAX_REASON_GROUPS) {
      // Reasons that quote values could grow without bound in a big run.
      key = `${stage}\n${OTHER_REASONS}`;
      group = this.#groups.get(key);
    }
    if (group === undefined) {
      const label = key.slice(stage.length + 1);
      group = { stage, reason: label, count: 0, examples: [] };
      this.#groups.set(key, group);
    }

    group.count += 1;
    if (group.examples.length < MAX_EXAMPLES) {
      group.examples.push({
        line: record.line,
        value: this.#displayValue(record),
      });
    }
  }

  #displayValue(record: RecipientRecord): string {
    if (this.#options.verbose) return record.phone ?? record.input;
    return record.phone === undefined
      ? maskInput(record.input)
      : maskPhone(record.phone);
  }
}

/** Distinct failure reasons listed before the rest are pooled. */
const MAX_REASON_GROUPS = 50;
const OTHER_REASONS = "Other reasons";

/**
 * Names why a recipient failed: its error message, else its reason, else
 * its error type with the HTTP status. The reason of an unknown outcome
 * ends in `, outcome unknown`.
 */
function failureReason(record: RecipientRecord): string {
  const status = record.httpStatus === undefined ? "" : ` ${record.httpStatus}`;
  const reason = record.errorMessage ?? record.reason ??
    (record.errorType === undefined ? "error" : record.errorType + status);
  return record.status === "unknown" ? `${reason}, outcome unknown` : reason;
}
