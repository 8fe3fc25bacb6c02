/**
 * Opening of the input file, or standard input for `-`.
 *
 * @module
 */

import { InputError } from "./input_error.ts";

/** Input path that means standard input. */
export const STDIN_PATH = "-";

/**
 * Opens the input at `path` as a byte stream; `-` is standard input. The
 * stream closes the file when read to the end or cancelled.
 *
 * @throws {InputError} with a one-line message when the path is missing,
 * a directory or not readable.
 */
export async function openInputFile(
  path: string,
): Promise<ReadableStream<Uint8Array>> {
  if (path === STDIN_PATH) return Deno.stdin.readable;

  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    throw new InputError(
      `Cannot read input "${path}": ${describeOpenError(error)}`,
      { cause: error },
    );
  }

  const info = await file.stat();
  if (info.isDirectory) {
    file.close();
    throw new InputError(`Cannot read input "${path}": it is a directory`);
  }
  return file.readable;
}

function describeOpenError(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "file not found";
  if (error instanceof Deno.errors.NotCapable) {
    return "read access not granted, allow it with --allow-read";
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return "permission denied, check the file's permissions";
  }
  return error instanceof Error ? error.message : String(error);
}
