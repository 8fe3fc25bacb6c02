/**
 * Errors the user can fix, distinguished from bugs at the entry point. They
 * print one message and exit with a code, never a stack trace.
 *
 * @module
 */
import { ConfigError } from "../config/config_error.ts";
import { PermissionError } from "../http/errors.ts";
import { InputError } from "../input/read_recipients.ts";
import { JournalError, JournalLockedError } from "../journal/run_journal.ts";
import { FileWriteError } from "../report/atomic_file.ts";
import { EXIT } from "./exit_codes.ts";

/** A run refused before anything was sent, such as by a safety rail. */
export class RunRefusedError extends Error {
  /** Creates the error; `message` states what to change. */
  constructor(message: string) {
    super(message);
    this.name = "RunRefusedError";
  }
}

/** A user error's message and exit code. */
export interface UserErrorReport {
  message: string;
  exitCode: number;
}

const USER_ERRORS = [
  ConfigError,
  InputError,
  JournalError,
  JournalLockedError,
  PermissionError,
  FileWriteError,
  RunRefusedError,
];

/**
 * Describes `error` when the user can fix it, or returns `undefined` for a
 * bug, whose stack is worth reporting.
 */
export function describeUserError(
  error: unknown,
): UserErrorReport | undefined {
  if (USER_ERRORS.some((type) => error instanceof type)) {
    return { message: (error as Error).message, exitCode: EXIT.USAGE };
  }
  if (error instanceof Deno.errors.NotCapable) {
    return {
      message: `Permission missing: ${error.message}`,
      exitCode: EXIT.USAGE,
    };
  }
  return undefined;
}
