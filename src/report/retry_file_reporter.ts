/**
 * The file of recipients to retry, in the input's own format so that it can
 * be given back to `send`.
 *
 * @module
 */

import type { InputFormat } from "../input/format.ts";
import type { RecipientRecord, RunSummary } from "../pipeline/outcome.ts";
import { AtomicFile } from "./atomic_file.ts";
import { formatCsvRow } from "./csv_reporter.ts";
import type { FileReporter } from "./reporter.ts";

/** Options of {@linkcode RetryFileReporter.open}. */
export interface RetryFileReporterOptions {
  /** Run id, named in the first line of a text file. */
  runId: string;
  /** Format of the input file, which the retry file repeats. */
  inputFormat: InputFormat;
}

/**
 * Returns true when `record` belongs in the retry file: failed after validation,
 * outcome unknown, or not attempted. Lines rejected by validation would
 * fail again, and sent or skipped lines need nothing.
 */
export function needsRetry(record: RecipientRecord): boolean {
  switch (record.status) {
    case "failed":
      return record.stage !== "validation";
    case "unknown":
    case "not_attempted":
      return true;
    default:
      return false;
  }
}

/**
 * Writes the recipients to retry. When the run has none, no file is written
 * and {@linkcode RetryFileReporter.path} stays `undefined`.
 *
 * NOTE: cells of a CSV retry file are written as they were read, without
 * the formula neutralising of the CSV report, because a `'` prefix would
 * change the phone numbers that the next run reads.
 */
export class RetryFileReporter implements FileReporter {
  /** Kind of file, named in messages. */
  readonly label = "retry file";
  #file: AtomicFile;
  #format: InputFormat;
  #count = 0;
  #path: string | undefined;

  private constructor(file: AtomicFile, format: InputFormat) {
    this.#file = file;
    this.#format = format;
  }

  /**
   * Starts the retry file that will replace `path` if any recipient needs a
   * retry.
   *
   * @throws {import("./atomic_file.ts").FileWriteError} when the file
   * cannot be created.
   */
  static async open(
    path: string,
    options: RetryFileReporterOptions,
  ): Promise<RetryFileReporter> {
    const file = await AtomicFile.create(path, { label: "retry file" });
    const format = options.inputFormat;
    const first = format.kind === "text"
      ? `# Recipients to retry from run ${options.runId}. Resuming its journal\n` +
        "# with --resume is safer: it keeps the idempotency keys.\n"
      // A BOM lets spreadsheets read Cyrillic; the input reader skips it.
      : "\uFEFF" +
        formatCsvRow(format.headerText, { delimiter: format.delimiter });
    await file.write(first);
    return new RetryFileReporter(file, format);
  }

  /** Path of the written file; `undefined` until finished, or if none. */
  get path(): string | undefined {
    return this.#path;
  }

  /** Number of recipients written so far. */
  get count(): number {
    return this.#count;
  }

  /** Appends `record` if it needs a retry. */
  write(record: RecipientRecord): Promise<void> {
    if (!needsRetry(record)) return Promise.resolve();
    this.#count += 1;
    return this.#file.write(this.#formatLine(record));
  }

  /** Commits the file, or removes it when no recipient needs a retry. */
  async finish(_summary: RunSummary): Promise<void> {
    if (this.#count === 0) {
      await this.#file.abort();
      // A resumed run reuses its path: an earlier retry file now lists
      // recipients that were sent since, and feeding it back would send
      // them twice.
      await Deno.remove(this.#file.path).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
      return;
    }

    await this.#file.commit();
    this.#path = this.#file.path;
  }

  /** Discards the file unless finished. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#file.abort();
  }

  #formatLine(record: RecipientRecord): string {
    const format = this.#format;
    if (format.kind === "text") {
      // A trailing comment is ignored when the file is read back as input,
      // and warns a person who edits the file before resending.
      const note = record.status === "unknown"
        ? "  # outcome unknown: it may have been sent"
        : "";
      return `${record.phone ?? record.input}${note}\n`;
    }

    const cells = format.header.map((column) =>
      record.fields[column] ??
        (column === format.phoneColumn ? record.input : "")
    );
    return formatCsvRow(cells, { delimiter: format.delimiter });
  }
}
