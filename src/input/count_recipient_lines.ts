/**
 * Quick count of the recipients in an input file, for a progress total.
 *
 * @module
 */

import { detectFormat, type DetectFormatOptions } from "./detect_format.ts";
import { InputError } from "./input_error.ts";
import { openInputFile, STDIN_PATH } from "./open_input.ts";
import {
  isBlankOrComment,
  type PhysicalLine,
  readPhysicalLines,
} from "./text_lines.ts";

/** Options of {@linkcode countRecipientLines}. */
export interface CountRecipientLinesOptions {
  /**
   * Phone column named by the user, which makes the input CSV as in
   * `openRecipients`.
   *
   * @default {undefined}
   */
  phoneColumn?: string;
}

/**
 * Counts the lines of the file at `path` that become items: lines neither
 * blank nor a `#` comment, less the header for CSV. Reads the file as a
 * stream without parsing numbers.
 *
 * NOTE: for CSV this counts lines, not records, so a quoted field with a
 * line break counts twice and the total is an estimate. Comment lines
 * after a CSV header count, because CSV has no comments.
 *
 * @throws {InputError} when the file cannot be read, or `path` is `-`,
 * because standard input can be read only once.
 */
export async function countRecipientLines(
  path: string,
  options: CountRecipientLinesOptions = {},
): Promise<number> {
  if (path === STDIN_PATH) {
    throw new InputError(
      "Cannot count the lines of standard input: it can be read only once",
    );
  }

  const lines = readPhysicalLines(await openInputFile(path), path);
  const detectOptions: DetectFormatOptions = {
    fileName: path,
    phoneColumn: options.phoneColumn,
  };
  let count = 0;
  let csv: boolean | undefined;
  for await (const line of lines) {
    if (csv === undefined) {
      if (isBlankOrComment(line)) continue;
      csv = isCsv(line, detectOptions, path);
      if (csv) continue;
    }
    if (csv ? line.text.trim() !== "" : !isBlankOrComment(line)) count++;
  }
  return count;
}

function isCsv(
  first: PhysicalLine,
  options: DetectFormatOptions,
  path: string,
): boolean {
  return detectFormat(first, options, path).kind === "csv";
}
