/**
 * CSV records from physical lines: a record spans several lines when a
 * quoted field contains a line break, and starts on the line where its
 * first field starts.
 *
 * The file is split into lines by `readPhysicalLines`, which bounds memory
 * and rejects unreadable lines one at a time, and each record is then
 * parsed on its own by csv-parse. Parsing the whole file with csv-parse's
 * stream would let one bad quote end the run: with csv-parse 7.0.3 a
 * quote error either fails the whole stream or, with
 * `skip_records_with_error`, drops the records after it.
 *
 * @module
 */

import { parse } from "csv-parse/sync";
import { MAX_LINE_LENGTH, type PhysicalLine } from "./text_lines.ts";

/** Field separator of a CSV file. */
export type Delimiter = "," | ";";

/** One CSV record, or the reason it cannot be read. */
export type CsvRecord =
  | { line: number; cells: string[] }
  | {
    line: number;
    /** Start of the record's text for display. */
    text: string;
    problem: string;
  };

interface PendingRecord {
  line: number;
  lines: string[];
  length: number;
  insideQuotes: boolean;
}

/**
 * Groups physical lines into CSV records and parses each one. Blank lines
 * between records are skipped. Lines inside a quoted field are joined with
 * LF, so a CRLF inside a field becomes LF.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<PhysicalLine>,
  delimiter: Delimiter,
): AsyncGenerator<CsvRecord> {
  let pending: PendingRecord | undefined;
  for await (const line of lines) {
    // NOTE: an unreadable line ends any open record, and the next line
    // starts outside quotes. Its text is not kept, so a quote in it that
    // would open or close a field is not seen.
    if (line.problem !== undefined) {
      if (pending !== undefined) yield brokenRecord(pending, line.number);
      pending = undefined;
      yield { line: line.number, text: line.text, problem: line.problem };
      continue;
    }
    if (pending === undefined) {
      if (line.text.trim() === "") continue;
      pending = {
        line: line.number,
        lines: [],
        length: 0,
        insideQuotes: false,
      };
    }

    pending.lines.push(line.text);
    pending.length += line.text.length + 1;
    pending.insideQuotes = scanLine(line.text, delimiter, pending.insideQuotes);
    if (!pending.insideQuotes) {
      yield parseRecord(pending.line, pending.lines.join("\n"), delimiter);
      pending = undefined;
    } else if (pending.length > MAX_LINE_LENGTH) {
      yield unclosedRecord(pending, line.number);
      pending = undefined;
    }
  }

  if (pending !== undefined) {
    yield {
      line: pending.line,
      text: excerpt(pending),
      problem: "Quoted field not closed before the end of the file",
    };
  }
}

/**
 * Parses one record's text into cells, trimming spaces around each cell.
 * Returns a problem instead when csv-parse rejects the text.
 */
export function parseRecord(
  line: number,
  text: string,
  delimiter: Delimiter,
): CsvRecord {
  try {
    const records = parse(text, {
      delimiter,
      trim: true,
      relax_column_count: true,
    }) as string[][];
    return { line, cells: records[0] ?? [] };
  } catch (error) {
    const problem = describeCsvError(error);
    return { line, text: text.slice(0, MAX_EXCERPT), problem };
  }
}

const MAX_EXCERPT = 64;

function describeCsvError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (
    code === "INVALID_OPENING_QUOTE" || code === "CSV_INVALID_CLOSING_QUOTE"
  ) {
    return "Misplaced quote: quote the whole cell and double any quote " +
      "inside it";
  }
  if (code === "CSV_QUOTE_NOT_CLOSED") return "Quoted field not closed";
  const message = error instanceof Error ? error.message : String(error);
  return `Invalid CSV row: ${message}`;
}

/**
 * Tells whether a line ends inside a quoted field, given whether it starts
 * inside one. A quote opens a field only at its start, optionally after
 * spaces, and `""` inside a quoted field is a literal quote (RFC 4180,
 * section 2). A quote elsewhere is left for csv-parse to reject.
 */
function scanLine(
  text: string,
  delimiter: string,
  inside: boolean,
): boolean {
  let atFieldStart = !inside;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inside) {
      if (character !== '"') continue;
      if (text[index + 1] === '"') index++;
      else inside = false;
    } else if (character === delimiter) {
      atFieldStart = true;
    } else if (character === '"' && atFieldStart) {
      inside = true;
      atFieldStart = false;
    } else if (character !== " " && character !== "\t") {
      atFieldStart = false;
    }
  }
  return inside;
}

function brokenRecord(pending: PendingRecord, next: number): CsvRecord {
  return {
    line: pending.line,
    text: excerpt(pending),
    problem: `Quoted field not closed before line ${next}, ` +
      "which cannot be read",
  };
}

function unclosedRecord(pending: PendingRecord, last: number): CsvRecord {
  return {
    line: pending.line,
    text: excerpt(pending),
    problem: `Quoted field not closed within ${MAX_LINE_LENGTH} characters ` +
      `(lines ${pending.line}-${last}): check the quotes`,
  };
}

function excerpt(pending: PendingRecord): string {
  return (pending.lines[0] ?? "").slice(0, MAX_EXCERPT);
}
