/**
 * Replays a journal into the state of each recipient, for `--resume`.
 *
 * @module
 */

import type { RunHeader, StepRecord } from "./journal_records.ts";
import { applyStep, emptyState, type RecipientState } from "./journal_state.ts";

/** A journal that cannot be resumed from. */
export class JournalError extends Error {
  /** Creates the error with a message naming the journal. */
  constructor(message: string) {
    super(message);
    this.name = "JournalError";
  }
}

/** What a journal holds. */
export interface JournalContents {
  header: RunHeader;
  /** State per E.164 phone number. */
  states: Map<string, RecipientState>;
  /** Byte length up to the end of the last whole line. */
  validLength: number;
  /** True when the last line was cut short by a crash mid-write. */
  tornLastLine: boolean;
}

/**
 * Reads the journal at `path`, streaming it line by line.
 *
 * @throws {JournalError} when the file is missing, is not a journal, or
 * has a damaged line before its end.
 */
export async function readJournal(path: string): Promise<JournalContents> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new JournalError(
        `Journal "${path}" not found: check the path given to --resume`,
      );
    }
    throw error;
  }

  let header: RunHeader | undefined;
  const states = new Map<string, RecipientState>();
  let validLength = 0;
  let lineNumber = 0;
  let pendingError: string | undefined;

  for await (const { text, bytes, complete } of readLines(file.readable)) {
    lineNumber += 1;
    if (pendingError !== undefined) {
      throw new JournalError(
        `Journal "${path}" line ${lineNumber - 1} is damaged: ${pendingError}`,
      );
    }
    const record = complete ? parseLine(text) : undefined;
    if (record === undefined) {
      pendingError = complete ? "not valid JSON" : "cut short";
      continue;
    }
    if (header === undefined) {
      header = asHeader(record, path);
    } else if (isStep(record)) {
      const state = states.get(record.phone) ?? emptyState();
      applyStep(state, record);
      states.set(record.phone, state);
    }
    validLength += bytes;
  }

  if (header === undefined) {
    throw new JournalError(
      `Journal "${path}" is empty or not a journal: pass the file printed as "Journal:" at the start of a run`,
    );
  }
  return {
    header,
    states,
    validLength,
    tornLastLine: pendingError !== undefined,
  };
}

function parseLine(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

function asHeader(record: Record<string, unknown>, path: string): RunHeader {
  if (record.type !== "run" || typeof record.runId !== "string") {
    throw new JournalError(
      `Journal "${path}" does not start with a run header: pass the file printed as "Journal:" at the start of a run`,
    );
  }
  return record as unknown as RunHeader;
}

function isStep(record: Record<string, unknown>): record is StepRecord {
  return typeof record.phone === "string" && typeof record.type === "string";
}

/**
 * Splits a byte stream into lines, with each line's byte length. A last
 * line without its newline is marked incomplete: appending after it would
 * glue two records together.
 */
async function* readLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<{ text: string; bytes: number; complete: boolean }> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    let end = rest.indexOf("\n");
    while (end !== -1) {
      const text = rest.slice(0, end);
      yield { text, bytes: encoder.encode(text).length + 1, complete: true };
      rest = rest.slice(end + 1);
      end = rest.indexOf("\n");
    }
  }
  rest += decoder.decode();
  if (rest !== "") {
    yield { text: rest, bytes: encoder.encode(rest).length, complete: false };
  }
}
