/**
 * Records, summaries and sinks shared by the reporter tests.
 *
 * @module
 */

import type {
  RecipientRecord,
  RunSummary,
} from "../../src/pipeline/outcome.ts";

/** Builds a record with only the required fields set, as `overrides` adds. */
export function makeRecord(
  overrides: Partial<RecipientRecord> = {},
): RecipientRecord {
  return {
    line: 2,
    input: "99112233",
    status: "sent",
    attempts: 0,
    fields: {},
    ...overrides,
  };
}

/** Builds the record of a recipient whose SMS was sent. */
export function sentRecord(
  overrides: Partial<RecipientRecord> = {},
): RecipientRecord {
  return makeRecord({
    phone: "+97699112233",
    stage: "sms",
    assessmentId: "A-1",
    link: "http://127.0.0.1:8787/a/Xy12abcdEFgh",
    expiresAt: "2030-01-08T00:00:00Z",
    messageId: "M-1",
    segments: 1,
    attempts: 2,
    ...overrides,
  });
}

/** Builds a summary of run `r-1` with all counts zero unless overridden. */
export function makeSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: "r-1",
    startedAt: "2030-01-01T10:00:00.000Z",
    endedAt: "2030-01-01T10:00:01.500Z",
    durationMs: 1500,
    dryRun: false,
    total: 0,
    sent: 0,
    failed: 0,
    unknown: 0,
    skipped: 0,
    notAttempted: 0,
    skippedByReason: {},
    failedByStage: { validation: 0, assessment: 0, sms: 0 },
    ...overrides,
  };
}

/** A console sink that keeps the lines written to it. */
export class LineSink {
  /** Lines written so far. */
  readonly lines: string[] = [];

  /** Stores `text`. */
  writeLine(text: string): void {
    this.lines.push(text);
  }
}

/** Lists the names in `directory`, sorted. */
export async function listNames(directory: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(directory)) names.push(entry.name);
  return names.sort();
}

/** Returns the permission bits of `path`, such as `0o600`. */
export async function permissionBits(path: string): Promise<number> {
  return (await Deno.stat(path)).mode! & 0o777;
}
