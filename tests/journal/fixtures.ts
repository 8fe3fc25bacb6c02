/**
 * Journal headers and file helpers shared by the journal tests.
 *
 * @module
 */

import type { RunHeader } from "../../src/journal/journal_records.ts";

/** Header of a run started on a file input. */
export const HEADER: RunHeader = {
  type: "run",
  version: 1,
  runId: "20250310T080000-a1b2",
  startedAt: "2025-03-10T08:00:00.000Z",
  input: "numbers.txt",
  inputSha256: "1".repeat(64),
  configSha256: "c".repeat(64),
};

/** Reads a journal and parses each of its lines. */
export async function readRecords(
  path: string,
): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path);
  if (!text.endsWith("\n")) throw new Error(`No final newline in "${path}"`);
  return text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
}

/** Returns the permission bits of the file at `path`. */
export async function permissionBits(path: string): Promise<number> {
  const info = await Deno.stat(path);
  return (info.mode ?? 0) & 0o777;
}
