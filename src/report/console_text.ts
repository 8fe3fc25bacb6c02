/**
 * Text of the console reporter: per-record lines, the summary block and the
 * quiet one-line summary. Pure functions, so tests can pin the exact text.
 *
 * @module
 */

import type {
  RecipientRecord,
  RecipientStatus,
  RunSummary,
  Stage,
} from "../pipeline/outcome.ts";

/** Up to this many example lines are kept per failure group. */
export const MAX_EXAMPLES = 3;

/** Stages in the order the summary lists them. */
export const STAGE_ORDER: readonly Stage[] = [
  "validation",
  "assessment",
  "sms",
];

/** One input line shown as an example of a failure group. */
export interface FailureExample {
  line: number;
  /** Phone or input value, masked unless verbose. */
  value: string;
}

/** Failed or unknown recipients of one stage that share a reason. */
export interface FailureGroup {
  stage: Stage;
  reason: string;
  count: number;
  /** The first {@linkcode MAX_EXAMPLES} lines of the group. */
  examples: FailureExample[];
}

/** A file written by the run, listed at the end of the summary. */
export interface WrittenFile {
  /** Kind of file, such as `report` or `retry file`. */
  label: string;
  path: string;
}

/** Options of {@linkcode formatSummary}. */
export interface FormatSummaryOptions {
  /** Failure groups in any order. */
  groups: readonly FailureGroup[];
  files: readonly WrittenFile[];
  /** Wraps counts in ANSI colours. */
  colors: boolean;
}

const ANSI = { green: 32, red: 31, yellow: 33 } as const;
type Colour = keyof typeof ANSI;

const STATUS_COLOURS: Partial<Record<RecipientStatus, Colour>> = {
  sent: "green",
  failed: "red",
  unknown: "yellow",
  skipped: "yellow",
};

/** Wraps `text` in an ANSI colour when `enabled`. */
export function paint(text: string, colour: Colour, enabled: boolean): string {
  return enabled ? `\x1b[${ANSI[colour]}m${text}\x1b[39m` : text;
}

/** Formats a duration such as `850 ms`, `12.4 s` or `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;

  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Formats the verbose line of one record: line number, full phone, status,
 * stage, then the values it has (reason, attempts, assessment id, link,
 * message id, error).
 */
export function formatRecordLine(
  record: RecipientRecord,
  colors: boolean,
): string {
  const colour = STATUS_COLOURS[record.status];
  const status = record.status.padEnd(13);
  const columns = [
    `line ${record.line}`.padEnd(11),
    (record.phone ?? record.input).padEnd(13),
    colour === undefined ? status : paint(status, colour, colors),
    (record.stage ?? "-").padEnd(10),
  ];
  return [...columns, ...recordDetails(record)].join(" ").trimEnd();
}

function recordDetails(record: RecipientRecord): string[] {
  const details: string[] = [];
  if (record.reason !== undefined) details.push(`reason ${record.reason}`);
  details.push(`attempts ${record.attempts}`);
  if (record.assessmentId !== undefined) {
    details.push(`assessment ${record.assessmentId}`);
  }
  if (record.link !== undefined) details.push(`link ${record.link}`);
  if (record.messageId !== undefined) {
    details.push(`message ${record.messageId}`);
  }
  if (record.errorMessage !== undefined || record.errorType !== undefined) {
    const type = record.errorType ?? "Error";
    details.push(`error ${type}: ${record.errorMessage ?? ""}`.trimEnd());
  }
  return details;
}

/** Formats the one-line summary of quiet mode. */
export function formatQuietLine(summary: RunSummary, colors: boolean): string {
  const parts = [
    `${summary.total} total`,
    countText(`${summary.sent} sent`, summary.sent, "green", colors),
    countText(`${summary.failed} failed`, summary.failed, "red", colors),
    countText(`${summary.unknown} unknown`, summary.unknown, "yellow", colors),
    countText(`${summary.skipped} skipped`, summary.skipped, "yellow", colors),
    `${summary.notAttempted} not attempted`,
    formatDuration(summary.durationMs),
  ];
  if (summary.stoppedReason !== undefined) parts.push("stopped early");
  return `${runTitle(summary)}: ${parts.join(", ")}`;
}

/** Formats the summary block printed at the end of a run, line by line. */
export function formatSummary(
  summary: RunSummary,
  options: FormatSummaryOptions,
): string[] {
  const lines = [
    `${runTitle(summary)} finished in ${formatDuration(summary.durationMs)}`,
    "",
    ...countLines(summary, options.colors),
  ];
  const failures = failureLines(options.groups);
  if (failures.length > 0) lines.push("", "Failures by stage", ...failures);

  const closing = closingLines(summary, options.files);
  if (closing.length > 0) lines.push("", ...closing);
  return lines;
}

function runTitle(summary: RunSummary): string {
  return `${summary.dryRun ? "Dry run" : "Run"} ${summary.runId}`;
}

function countText(
  text: string,
  count: number,
  colour: Colour,
  colors: boolean,
): string {
  return paint(text, colour, colors && count > 0);
}

function countLines(summary: RunSummary, colors: boolean): string[] {
  const reasons = Object.entries(summary.skippedByReason)
    .sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(
    13,
    ...reasons.map(([reason]) => reason.length + 2),
  );
  const row = (label: string, count: number, colour?: Colour) => {
    const text = `  ${label.padEnd(width)}  ${count}`;
    return colour === undefined ? text : countText(text, count, colour, colors);
  };
  return [
    row("Total", summary.total),
    row("Sent", summary.sent, "green"),
    row("Failed", summary.failed, "red"),
    row("Unknown", summary.unknown, "yellow"),
    row("Skipped", summary.skipped, "yellow"),
    ...reasons.map(([reason, count]) => row(`  ${reason}`, count)),
    row("Not attempted", summary.notAttempted),
  ];
}

function failureLines(groups: readonly FailureGroup[]): string[] {
  const lines: string[] = [];
  for (const stage of STAGE_ORDER) {
    const inStage = groups
      .filter((group) => group.stage === stage)
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    if (inStage.length === 0) continue;

    const total = inStage.reduce((sum, group) => sum + group.count, 0);
    const width = String(Math.max(...inStage.map((g) => g.count))).length;
    lines.push(`  ${stage}  ${total}`);
    for (const group of inStage) {
      const count = String(group.count).padStart(width);
      lines.push(`    ${count}  ${group.reason} (${exampleText(group)})`);
    }
  }
  return lines;
}

function exampleText(group: FailureGroup): string {
  const list = group.examples
    .map((example) => `line ${example.line} ${example.value}`)
    .join(", ");
  const more = group.count - group.examples.length;
  return more > 0 ? `${list} and ${more} more` : list;
}

function closingLines(
  summary: RunSummary,
  files: readonly WrittenFile[],
): string[] {
  const entries: [string, string][] = [];
  if (summary.stoppedReason !== undefined) {
    entries.push(["Stopped early", summary.stoppedReason]);
  }
  if (summary.journalPath !== undefined) {
    entries.push(["Journal", summary.journalPath]);
  }
  for (const file of files) entries.push([capitalise(file.label), file.path]);

  const width = Math.max(...entries.map(([label]) => label.length));
  return entries.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
