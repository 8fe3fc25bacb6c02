/**
 * Choice between plain text and CSV, made from the file name, the options
 * and the first line with content.
 *
 * @module
 */

import { type Delimiter, parseRecord } from "./csv_rows.ts";
import { InputError } from "./input_error.ts";
import { findPhoneColumn } from "./phone_column.ts";
import type { PhysicalLine } from "./text_lines.ts";

/** Format detected for an input. */
export type DetectedFormat =
  | { kind: "text" }
  | { kind: "csv"; delimiter: Delimiter; header: string[] };

/** Hints for {@linkcode detectFormat}. */
export interface DetectFormatOptions {
  /** Phone column named by the user; when set, the input must be CSV. */
  phoneColumn?: string | undefined;
  /** File name; a name ending in `.csv` means the input must be CSV. */
  fileName?: string | undefined;
}

/**
 * Detects the format from the first line that is neither blank nor a `#`
 * comment. The input is CSV when the file name ends in `.csv`, when a
 * phone column is named, or when a cell of that line names a phone column
 * (such as `phone` or `утас`). Otherwise it is plain text.
 *
 * The delimiter is `;` when the header has more semicolons than commas,
 * else `,`.
 *
 * @param source Name of the input for error messages.
 * @throws {InputError} when the input must be CSV but its header line
 * cannot be read.
 */
export function detectFormat(
  first: PhysicalLine | undefined,
  options: DetectFormatOptions,
  source: string,
): DetectedFormat {
  const csvRequired = isCsvFileName(options.fileName) ||
    options.phoneColumn !== undefined;
  if (first === undefined) return { kind: "text" };

  const header = readHeader(first);
  if (typeof header === "string") {
    if (!csvRequired) return { kind: "text" };
    throw new InputError(
      `Cannot read the CSV header of "${source}" on line ${first.number}: ` +
        lowerFirst(header),
    );
  }
  if (csvRequired || findPhoneColumn(header.header) !== -1) {
    return { kind: "csv", ...header };
  }
  return { kind: "text" };
}

/** Tells whether a file name ends in `.csv`, in any case. */
export function isCsvFileName(fileName: string | undefined): boolean {
  return fileName !== undefined && fileName.toLowerCase().endsWith(".csv");
}

/** Parses the header line, or returns why it cannot be read. */
function readHeader(
  line: PhysicalLine,
): { delimiter: Delimiter; header: string[] } | string {
  if (line.problem !== undefined) return line.problem;
  const delimiter = chooseDelimiter(line.text);
  const record = parseRecord(line.number, line.text, delimiter);
  if ("problem" in record) return record.problem;
  return { delimiter, header: record.cells };
}

function chooseDelimiter(text: string): Delimiter {
  const semicolons = text.split(";").length - 1;
  const commas = text.split(",").length - 1;
  return semicolons > commas ? ";" : ",";
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
