/**
 * The CSV report: one row per record under a header row, UTF-8 with a BOM
 * so that spreadsheets read Cyrillic, and CRLF line endings (RFC 4180).
 *
 * @module
 */

import { stringify } from "csv-stringify/sync";
import type { RecipientRecord, RunSummary } from "../pipeline/outcome.ts";
import { AtomicFile } from "./atomic_file.ts";
import { toCsvCells } from "./csv_cells.ts";
import type { FileReporter } from "./reporter.ts";
import { REPORT_COLUMNS, toReportRow } from "./report_row.ts";

const BOM = "\uFEFF";

/** Writes records to one CSV file. The summary is not part of the file. */
export class CsvReporter implements FileReporter {
  /** Kind of file, named in messages. */
  readonly label = "report";
  #file: AtomicFile;
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
  static async open(path: string): Promise<CsvReporter> {
    const file = await AtomicFile.create(path, { label: "report" });
    await file.write(BOM + formatCsvRow([...REPORT_COLUMNS]));
    return new CsvReporter(file);
  }

  /** Path of the written report, once finished. */
  get path(): string | undefined {
    return this.#path;
  }

  /** Appends `record` as one row. */
  write(record: RecipientRecord): Promise<void> {
    return this.#file.write(formatCsvRow(toCsvCells(toReportRow(record))));
  }

  /** Commits the file; the summary goes to the other reporters only. */
  async finish(_summary: RunSummary): Promise<void> {
    await this.#file.commit();
    this.#path = this.#file.path;
  }

  /** Discards the file unless finished. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#file.abort();
  }
}

/** Options of {@linkcode formatCsvRow}. */
export interface FormatCsvRowOptions {
  /** Cell separator. @default "," */
  delimiter?: string;
}

/**
 * Formats `cells` as one CSV line ending in CRLF, quoting cells that hold
 * the delimiter, a quote or a line break.
 */
export function formatCsvRow(
  cells: string[],
  options: FormatCsvRowOptions = {},
): string {
  return stringify([cells], {
    delimiter: options.delimiter ?? ",",
    record_delimiter: "windows",
    // csv-stringify 6.9 quotes a cell holding the record delimiter, CRLF,
    // but not a lone line feed, which would split the row when read back.
    quoted_match: /[\r\n]/,
  });
}
