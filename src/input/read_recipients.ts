/**
 * Recipients read from a plain-text or CSV input, one item at a time, with
 * their phone numbers normalised and duplicates rejected.
 *
 * @module
 */

import { normalizePhone } from "../phone/normalize_phone.ts";
import { readCsvRecords } from "./csv_rows.ts";
import { detectFormat } from "./detect_format.ts";
import type { InputFormat } from "./format.ts";
import {
  columnKeys,
  findKnownColumns,
  type KnownColumns,
} from "./phone_column.ts";
import {
  isBlankOrComment,
  type PhysicalLine,
  readPhysicalLines,
} from "./text_lines.ts";

export { InputError } from "./input_error.ts";
export { openInputFile } from "./open_input.ts";
export { countRecipientLines } from "./count_recipient_lines.ts";

/** A recipient whose phone number is a valid Mongolian mobile number. */
export interface Recipient {
  /** 1-based line where the recipient's line or CSV record starts. */
  line: number;
  /** Phone number as written in the input, comment and spaces removed. */
  input: string;
  /** Number in E.164 form, such as `+97699112233`. */
  phone: string;
  /** National number, such as `99112233`. */
  national: string;
  /** Value of a non-empty `name` column. */
  name?: string;
  /** Value of a non-empty `respondent_id` column. */
  respondentId?: string;
  /** Every CSV cell of the row keyed by column key; empty for plain text. */
  fields: Record<string, string>;
}

/** A recipient, or an input line that cannot be one and why. */
export type InputItem =
  | { kind: "recipient"; recipient: Recipient }
  | {
    kind: "rejected";
    /** 1-based line where the rejected line or CSV record starts. */
    line: number;
    /** Phone number as written, or the start of an unreadable line. */
    input: string;
    /** Reason for the rejection: one sentence, no final period. */
    reason: string;
    /** Line of the first occurrence, for a duplicate number. */
    duplicateOf?: number;
    /** CSV cells of the row keyed by column key, as far as they are known. */
    fields: Record<string, string>;
  };

/** Options of {@linkcode openRecipients}. */
export interface OpenRecipientsOptions {
  /**
   * Header cell of the phone column, matched exactly and then ignoring
   * case, spaces, underscores and dashes. Setting it makes the input CSV.
   *
   * @default {undefined} the first column named like a phone column
   */
  phoneColumn?: string;
  /**
   * Name of the input for error messages. A name ending in `.csv` makes the
   * input CSV.
   *
   * @default {"input"}
   */
  fileName?: string;
}

/** An opened input: its format and the items still to read. */
export interface RecipientSource {
  /**
   * Format of the input. For CSV, `header` and `phoneColumn` are column
   * keys, the same strings as `columns` and the keys of `fields`.
   */
  format: InputFormat;
  /**
   * Placeholder keys of the CSV columns in file order; empty for plain text.
   * A key is the header cell trimmed and lowercased, with each run of
   * spaces or dashes replaced by `_` and braces dropped, so `First Name`
   * becomes `first_name`. An empty header cell becomes `column_N`.
   */
  columns: string[];
  /** Items in line order. Iterate once: the input is read as it goes. */
  items: AsyncIterable<InputItem>;
}

const DEFAULT_SOURCE = "input";

/**
 * Opens a recipient list and detects its format, reading no further than
 * the first line with content.
 *
 * Plain text has one number a line. Blank lines and `#` comments, whole
 * lines or after a number, are skipped. CSV has a header row with a phone
 * column and optional `name` and `respondent_id` columns; see
 * `detectFormat` for how CSV is recognised. Blank rows and rows of empty
 * cells are skipped. Every other line or record becomes one item, so a
 * bad line is reported and never stops the rest.
 *
 * Memory stays flat as the input grows, apart from one map entry per
 * accepted number for finding duplicates.
 *
 * @throws {InputError} when the whole input cannot be used, such as a CSV
 * header without a phone column or a UTF-16 file.
 */
export async function openRecipients(
  stream: ReadableStream<Uint8Array>,
  options: OpenRecipientsOptions = {},
): Promise<RecipientSource> {
  const source = options.fileName ?? DEFAULT_SOURCE;
  const lines = readPhysicalLines(stream, source);
  try {
    const first = await nextContentLine(lines);
    const detected = detectFormat(first, options, source);
    if (detected.kind === "text") {
      const all = first === undefined ? lines : prepend(first, lines);
      return { format: detected, columns: [], items: textItems(all) };
    }

    const keys = columnKeys(detected.header, source);
    const known = findKnownColumns(
      detected.header,
      options.phoneColumn,
      source,
    );
    const format: InputFormat = {
      kind: "csv",
      header: keys,
      headerText: detected.header,
      delimiter: detected.delimiter,
      phoneColumn: keys[known.phone]!,
    };
    const records = readCsvRecords(lines, detected.delimiter);
    return { format, columns: keys, items: csvItems(records, keys, known) };
  } catch (error) {
    await lines.return(undefined);
    throw error;
  }
}

/** Skips blank and comment lines and returns the next one, if any. */
async function nextContentLine(
  lines: AsyncGenerator<PhysicalLine>,
): Promise<PhysicalLine | undefined> {
  while (true) {
    const next = await lines.next();
    if (next.done === true) return undefined;
    if (!isBlankOrComment(next.value)) return next.value;
  }
}

async function* prepend(
  first: PhysicalLine,
  rest: AsyncIterable<PhysicalLine>,
): AsyncGenerator<PhysicalLine> {
  yield first;
  yield* rest;
}

async function* textItems(
  lines: AsyncIterable<PhysicalLine>,
): AsyncGenerator<InputItem> {
  const firstLines = new Map<string, number>();
  for await (const line of lines) {
    if (isBlankOrComment(line)) continue;
    if (line.problem !== undefined) {
      yield rejected(line.number, line.text, line.problem, {});
      continue;
    }
    const value = withoutComment(line.text);
    const found = { line: line.number, input: value, fields: {} };
    yield toItem(found, firstLines);
  }
}

function withoutComment(text: string): string {
  const hash = text.indexOf("#");
  return (hash === -1 ? text : text.slice(0, hash)).trim();
}

async function* csvItems(
  records: ReturnType<typeof readCsvRecords>,
  keys: string[],
  known: KnownColumns,
): AsyncGenerator<InputItem> {
  const firstLines = new Map<string, number>();
  for await (const record of records) {
    if ("problem" in record) {
      yield rejected(record.line, record.text, record.problem, {});
      continue;
    }
    if (record.cells.every((cell) => cell === "")) continue;

    const fields = toFields(keys, record.cells);
    const input = record.cells[known.phone] ?? "";
    if (record.cells.length !== keys.length) {
      const reason = `Row has ${record.cells.length} cells but the header ` +
        `has ${keys.length}: check the delimiter and the quotes`;
      yield rejected(record.line, input, reason, fields);
      continue;
    }

    const found: FoundRecipient = { line: record.line, input, fields };
    const name = nonEmptyCell(record.cells, known.name);
    if (name !== undefined) found.name = name;
    const respondentId = nonEmptyCell(record.cells, known.respondentId);
    if (respondentId !== undefined) found.respondentId = respondentId;
    yield toItem(found, firstLines);
  }
}

function toFields(keys: string[], cells: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  keys.forEach((key, index) => {
    const cell = cells[index];
    if (cell !== undefined) fields[key] = cell;
  });
  return fields;
}

function nonEmptyCell(cells: string[], index: number | undefined) {
  if (index === undefined) return undefined;
  const cell = cells[index];
  return cell === undefined || cell === "" ? undefined : cell;
}

/**
 * Most recipients one run takes. The duplicate index keeps every number of
 * a run in memory, about 80 bytes each, and the recommended V8 heap limit
 * leaves room for this many.
 */
export const MAX_RECIPIENTS = 1_000_000;

const TOO_MANY_REASON =
  `Input has more than ${MAX_RECIPIENTS} numbers: split it into smaller files`;

/** A recipient before its phone number is checked. */
type FoundRecipient = Omit<Recipient, "phone" | "national">;

/**
 * Normalises the phone number of `found` and rejects it when invalid or
 * already seen. `firstLines` maps each E.164 number to its first line.
 */
function toItem(
  found: FoundRecipient,
  firstLines: Map<string, number>,
): InputItem {
  const phone = normalizePhone(found.input);
  if (!phone.ok) {
    return rejected(found.line, found.input, phone.reason, found.fields);
  }

  const firstLine = firstLines.get(phone.e164);
  if (firstLine !== undefined) {
    return {
      kind: "rejected",
      line: found.line,
      input: found.input,
      reason: `Duplicate of line ${firstLine}`,
      duplicateOf: firstLine,
      fields: found.fields,
    };
  }

  if (firstLines.size >= MAX_RECIPIENTS) {
    return rejected(found.line, found.input, TOO_MANY_REASON, found.fields);
  }
  firstLines.set(phone.e164, found.line);
  const recipient = { ...found, phone: phone.e164, national: phone.national };
  return { kind: "recipient", recipient };
}

function rejected(
  line: number,
  input: string,
  reason: string,
  fields: Record<string, string>,
): InputItem {
  return { kind: "rejected", line, input, reason, fields };
}
