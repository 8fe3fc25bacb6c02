/**
 * Opens the reporters selected by a run's options and drives them as one: the console,
 * the JSON or CSV report file, and the file of recipients to retry.
 *
 * @module
 */

import { basename, dirname, extname, join } from "node:path";
import type { InputFormat } from "../input/format.ts";
import type { RecipientRecord, RunSummary } from "../pipeline/outcome.ts";
import {
  ConsoleReporter,
  type ConsoleReporterOptions,
  type ConsoleSink,
} from "./console_reporter.ts";
import type { WrittenFile } from "./console_text.ts";
import { CsvReporter } from "./csv_reporter.ts";
import { JsonReporter } from "./json_reporter.ts";
import type { FileReporter, Reporter } from "./reporter.ts";
import { RetryFileReporter } from "./retry_file_reporter.ts";

/** Format of the report: the console alone, or a JSON or CSV file too. */
export type OutputFormat = "console" | "json" | "csv";

/** Options of {@linkcode openReporters}. */
export interface OpenReportersOptions {
  /** Report format; the console summary is printed in every format. */
  outputFormat: OutputFormat;
  /**
   * Path of the JSON or CSV report, instead of `<reportDir>/<runId>.<ext>`.
   * The retry file then goes next to it. Ignored for `console`.
   */
  outputFile?: string;
  /** Directory of report files without `outputFile`. @default "reports" */
  reportDir?: string;
  /** Run id, which names the default files. */
  runId: string;
  /** Format of the input, which the retry file repeats. */
  inputFormat: InputFormat;
  /** Sink and display options of the console reporter. */
  console: ConsoleReporterOptions & { sink: ConsoleSink };
  /** Writes the file of recipients to retry; off in a dry run. */
  retryFile: boolean;
}

/** Paths of the files a run may write. */
export interface ReportPaths {
  /** JSON or CSV report, absent for the `console` format. */
  report?: string;
  /** File of recipients to retry. */
  retry: string;
}

/**
 * Computes where the report and retry files go: `<reportDir>/<runId>.json`
 * or `.csv`, and `<runId>.retry.txt` or `.retry.csv` after the input's
 * format. With `outputFile`, the retry file is `<name>.retry.<ext>` in the
 * same directory.
 */
export function reportPaths(options: OpenReportersOptions): ReportPaths {
  const retryExtension = options.inputFormat.kind === "csv" ? "csv" : "txt";
  const format = options.outputFormat;
  const outputFile = format === "console" ? undefined : options.outputFile;
  if (outputFile !== undefined) {
    const stem = basename(outputFile, extname(outputFile));
    const retry = join(dirname(outputFile), `${stem}.retry.${retryExtension}`);
    return { report: outputFile, retry };
  }

  const directory = options.reportDir ?? "reports";
  const retry = join(directory, `${options.runId}.retry.${retryExtension}`);
  if (format === "console") return { retry };
  return { report: join(directory, `${options.runId}.${format}`), retry };
}

/**
 * Opens the console reporter and the files that `options` select. If one
 * file cannot be created, the ones already open are discarded.
 *
 * @throws {import("./atomic_file.ts").FileWriteError} when a file cannot
 * be created.
 */
export async function openReporters(
  options: OpenReportersOptions,
): Promise<ReportSet> {
  const { sink, ...consoleOptions } = options.console;
  const consoleReporter = new ConsoleReporter(sink, consoleOptions);
  const paths = reportPaths(options);
  const files: FileReporter[] = [];
  try {
    if (paths.report !== undefined) {
      files.push(await openReportFile(options.outputFormat, paths.report));
    }
    if (options.retryFile) {
      const { runId, inputFormat } = options;
      files.push(
        await RetryFileReporter.open(paths.retry, { runId, inputFormat }),
      );
    }
  } catch (error) {
    await Promise.all(files.map((file) => file[Symbol.asyncDispose]()));
    throw error;
  }
  return new ReportSet(consoleReporter, files);
}

function openReportFile(
  format: OutputFormat,
  path: string,
): Promise<FileReporter> {
  return format === "csv" ? CsvReporter.open(path) : JsonReporter.open(path);
}

/**
 * Every reporter of a run behind one {@linkcode Reporter}. On finish the
 * files are committed first, then the console prints the summary with the
 * paths of the files written.
 */
export class ReportSet implements Reporter {
  #console: ConsoleReporter;
  #files: FileReporter[];
  #written: WrittenFile[] = [];

  /** Combines the console reporter with the file reporters. */
  constructor(consoleReporter: ConsoleReporter, files: FileReporter[]) {
    this.#console = consoleReporter;
    this.#files = files;
  }

  /** Paths of the files written, in opening order; empty until finished. */
  get paths(): string[] {
    return this.#written.map((file) => file.path);
  }

  /** Passes `record` to every reporter. */
  async write(record: RecipientRecord): Promise<void> {
    await this.#console.write(record);
    for (const file of this.#files) await file.write(record);
  }

  /**
   * Commits the files, then prints the summary. The summary is printed even
   * when a file fails, and the first failure is thrown after it.
   *
   * @throws {import("./atomic_file.ts").FileWriteError} when a file cannot
   * be written.
   */
  async finish(summary: RunSummary): Promise<void> {
    const failures: unknown[] = [];
    for (const file of this.#files) {
      try {
        await file.finish(summary);
        if (file.path !== undefined) {
          this.#written.push({ label: file.label, path: file.path });
        }
      } catch (error) {
        failures.push(error);
      }
    }

    this.#console.setWrittenFiles(this.#written);
    await this.#console.finish(summary);
    if (failures.length > 0) throw failures[0];
  }

  /** Discards the files not finished. Never throws. */
  async [Symbol.asyncDispose](): Promise<void> {
    const reporters = [this.#console, ...this.#files];
    await Promise.allSettled(
      reporters.map((reporter) => reporter[Symbol.asyncDispose]()),
    );
  }
}
