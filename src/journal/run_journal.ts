/**
 * The journal of one run: created new, or reopened for `--resume`, locked
 * against a second process, and appended to step by step.
 *
 * @module
 */

import {
  type JournalLock,
  JournalLockedError,
  lockJournal,
} from "./journal_lock.ts";
import type { RunHeader, StepRecord } from "./journal_records.ts";
import { emptyState, type RecipientState } from "./journal_state.ts";
import { JournalWriter } from "./journal_writer.ts";
import { JournalError, readJournal } from "./read_journal.ts";

export { JournalError, JournalLockedError };

/** Options of {@linkcode openRunJournal}. */
export interface OpenRunJournalOptions {
  /** Header for a new journal; its `runId` is ignored on resume. */
  header: RunHeader;
  /** Reopens an existing journal instead of creating one. */
  resume: boolean;
  /** Resumes although the input or configuration changed. @default false */
  allowChanges?: boolean;
  /** Flushes each group of lines to the disk. @default true */
  sync?: boolean;
}

/** An open, locked journal. */
export interface RunJournal extends AsyncDisposable {
  path: string;
  header: RunHeader;
  /** True when the last line of a resumed journal was cut short. */
  repairedTornLine: boolean;
  /** Recipients already in the journal when it was opened. */
  knownRecipients: number;
  /** State of `phone` from earlier runs, or an empty state. */
  stateOf(phone: string): RecipientState;
  /** Appends a step and waits until it is on disk. */
  record(step: StepRecord): Promise<void>;
  /**
   * Appends a step that no request depends on, such as a confirmation,
   * without waiting: it reaches the disk with the next awaited step or at
   * close, because lines are written in order.
   */
  recordLater(step: StepRecord): void;
  close(): Promise<void>;
}

/**
 * Opens the journal at `path`.
 *
 * @throws {JournalLockedError} when another process uses it.
 * @throws {JournalError} when a resume finds no journal, a damaged one, or
 * one from another input or configuration.
 */
export async function openRunJournal(
  path: string,
  options: OpenRunJournalOptions,
): Promise<RunJournal> {
  // A resume of a journal that does not exist fails before the lock file
  // is created next to it.
  if (options.resume) await checkJournalExists(path);
  const lock = await lockJournal(path);
  try {
    return options.resume
      ? await reopen(path, lock, options)
      : await create(path, lock, options);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function create(
  path: string,
  lock: JournalLock,
  options: OpenRunJournalOptions,
): Promise<RunJournal> {
  try {
    const existing = await Deno.lstat(path);
    // An empty file is what a run killed before its first line leaves.
    if (existing.isFile && existing.size === 0) {
      throw new Deno.errors.NotFound();
    }
    throw new JournalError(
      `Journal "${path}" already exists: pass --resume ${path} to continue that run, or choose another --journal`,
    );
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }

  const writer = await JournalWriter.open(path, { sync: options.sync ?? true });
  await writer.append(options.header);
  return journalOf(path, options.header, new Map(), {
    writer,
    lock,
    repaired: false,
  });
}

async function reopen(
  path: string,
  lock: JournalLock,
  options: OpenRunJournalOptions,
): Promise<RunJournal> {
  if (await headerNeverWritten(path)) {
    // The run died before its header reached the disk, so it sent nothing:
    // start the journal afresh.
    await Deno.truncate(path, 0);
    return await create(path, lock, options);
  }
  const contents = await readJournal(path);
  const differences = compareHeaders(contents.header, options.header);
  if (differences.length > 0 && !options.allowChanges) {
    throw new JournalError(
      `Cannot resume "${path}": the ${
        differences.join(" and the ")
      } changed since that run: pass --allow-changes to resume anyway`,
    );
  }
  if (contents.tornLastLine) await Deno.truncate(path, contents.validLength);

  const writer = await JournalWriter.open(path, { sync: options.sync ?? true });
  await writer.append({ type: "resume", at: new Date().toISOString() });
  return journalOf(path, contents.header, contents.states, {
    writer,
    lock,
    repaired: contents.tornLastLine,
  });
}

async function checkJournalExists(path: string): Promise<void> {
  try {
    await Deno.lstat(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new JournalError(
      `Journal "${path}" not found: check the path given to --resume`,
    );
  }
}

/** Bytes that surely hold a complete header line. */
const HEADER_PROBE_BYTES = 65_536;

/**
 * Tells whether the journal at `path` contains no complete line: empty, or a
 * header cut short by a crash.
 */
async function headerNeverWritten(path: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    // A missing journal is reported by readJournal with its own message.
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  try {
    const buffer = new Uint8Array(HEADER_PROBE_BYTES);
    const read = await file.read(buffer);
    if (read === null) return true;
    return read < HEADER_PROBE_BYTES && !buffer.subarray(0, read).includes(10);
  } finally {
    file.close();
  }
}

function compareHeaders(saved: RunHeader, current: RunHeader): string[] {
  const differences: string[] = [];
  if (
    saved.inputSha256 !== undefined && current.inputSha256 !== undefined &&
    saved.inputSha256 !== current.inputSha256
  ) {
    differences.push(`input (was "${saved.input}")`);
  }
  if (saved.configSha256 !== current.configSha256) {
    differences.push("configuration");
  }
  return differences;
}

function journalOf(
  path: string,
  header: RunHeader,
  states: Map<string, RecipientState>,
  parts: { writer: JournalWriter; lock: JournalLock; repaired: boolean },
): RunJournal {
  const close = async () => {
    await parts.writer.close();
    parts.lock.release();
  };
  return {
    path,
    header,
    repairedTornLine: parts.repaired,
    knownRecipients: states.size,
    stateOf: (phone) => states.get(phone) ?? emptyState(),
    record: (step) => parts.writer.append(step),
    recordLater: (step) => parts.writer.appendLater(step),
    close,
    [Symbol.asyncDispose]: close,
  };
}
