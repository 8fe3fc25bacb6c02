/**
 * The `send` command: prepares the run, opens its journal and reports,
 * runs the pipeline (or the dry run) and turns the outcome into an exit
 * code.
 *
 * @module
 */
import { dirname } from "node:path";
import type { RunHeader } from "../journal/journal_records.ts";
import { openRunJournal, type RunJournal } from "../journal/run_journal.ts";
import { runDryRun } from "../pipeline/dry_run.ts";
import type { RecipientRecord, RunSummary } from "../pipeline/outcome.ts";
import { type PipelineResult, runPipeline } from "../pipeline/run_pipeline.ts";
import { openReporters, type ReportSet } from "../report/report_set.ts";
import { EXIT } from "./exit_codes.ts";
import { type PreparedSend, prepareSend } from "./prepare_send.ts";
import { Progress } from "./progress.ts";
import { newRunId, sha256OfConfig, sha256OfFile } from "./run_identity.ts";
import { watchSignals } from "./run_signals.ts";
import type { SendFlags } from "./send_flags.ts";
import { printSample } from "./sample_message.ts";
import type { TerminalIo } from "./terminal_io.ts";
import { RunRefusedError } from "./user_error.ts";

/** Runs `send` on `input` and resolves to the exit code. */
export async function runSend(
  input: string,
  flags: SendFlags,
  io: TerminalIo,
): Promise<number> {
  const startedAt = new Date();
  flags = { ...flags, outputFormat: outputFormatOf(flags) };
  const prepared = await prepareSend(input, flags, startedAt);
  for (const warning of prepared.warnings) io.stderr.writeLine(warning);
  return flags.dryRun
    ? await dryRun(prepared, { flags, io, startedAt })
    : await realRun(input, prepared, { flags, io, startedAt });
}

/**
 * Takes the report format from `--output-file`'s extension when only the
 * file was given, so `-o report.csv` alone writes a CSV report.
 */
function outputFormatOf(flags: SendFlags): SendFlags["outputFormat"] {
  if (flags.outputFormat !== "console" || flags.outputFile === undefined) {
    return flags.outputFormat;
  }
  if (/\.csv$/i.test(flags.outputFile)) return "csv";
  if (/\.json$/i.test(flags.outputFile)) return "json";
  throw new RunRefusedError(
    `Report format unknown for --output-file "${flags.outputFile}": name it .json or .csv, or pass --output-format json or csv`,
  );
}

interface RunContext {
  flags: SendFlags;
  io: TerminalIo;
  startedAt: Date;
}

async function dryRun(
  prepared: PreparedSend,
  context: RunContext,
): Promise<number> {
  const runId = newRunId(context.startedAt);
  await using reports = await openReports(prepared, runId, context, false);
  const result = await runDryRun(prepared.source.items, {
    config: prepared.config,
    onRecord: (record) => reports.write(record),
  });
  printSample(result.sample, context.io.stdout);
  const summary = summaryOf(runId, context.startedAt, {
    counts: result.counts,
  });
  await reports.finish({ ...summary, dryRun: true });
  return noRecipients(summary, context) ?? exitCodeOf(summary);
}

async function realRun(
  input: string,
  prepared: PreparedSend,
  context: RunContext,
): Promise<number> {
  const { flags, io } = context;
  await using journal = await openJournal(input, prepared, context);
  const runId = journal.header.runId;
  const resumeHint = `Resume with: --resume ${journal.path}`;
  // Printed even with --quiet: a cron log needs it to resume the run.
  io.stderr.writeLine(
    `Journal: ${journal.path}${flags.resume ? " (resumed)" : ""}`,
  );
  if (journal.repairedTornLine) {
    io.stderr.writeLine(
      "The journal's last line was cut short by a crash: it was dropped, and that step is retried",
    );
  }

  await using reports = await openReports(prepared, runId, context, true);
  using signals = watchSignals({
    install: io.handleSignals,
    stderr: io.stderr,
    resumeHint,
  });
  const progress = newProgress(prepared, context);
  const abort = new AbortController();
  const result = await runPipeline(prepared.source.items, {
    settings: {
      config: prepared.config,
      runId,
      maxConcurrent: prepared.config.processing.max_concurrent,
      ...rateLimitOf(prepared),
      retryUnknown: flags.retryUnknown ?? false,
      secrets: prepared.secrets,
    },
    journal,
    stopSignal: signals.stop,
    abortSignal: abort.signal,
    onRecord: (record: RecipientRecord) => {
      progress?.add(record);
      return reports.write(record);
    },
  });
  progress?.end();

  const summary = {
    ...summaryOf(runId, context.startedAt, result),
    journalPath: journal.path,
  };
  await reports.finish(summary);
  const empty = noRecipients(summary, context);
  if (empty !== undefined) return empty;
  const code = exitCodeOf(summary);
  if (code !== EXIT.OK && code !== EXIT.SOME_FAILED) {
    io.stderr.writeLine(resumeHint);
  }
  return code;
}

async function openJournal(
  input: string,
  prepared: PreparedSend,
  context: RunContext,
): Promise<RunJournal> {
  const { flags, startedAt } = context;
  const runId = newRunId(startedAt);
  const path = flags.resume ?? flags.journal ??
    `${flags.reportDir}/${runId}.journal.jsonl`;
  await createFolder(dirname(path));
  const header: RunHeader = {
    type: "run",
    version: 1,
    runId,
    startedAt: startedAt.toISOString(),
    input,
    ...(input === "-" ? {} : { inputSha256: await sha256OfFile(input) }),
    configSha256: sha256OfConfig(prepared.config),
  };
  return await openRunJournal(path, {
    header,
    resume: flags.resume !== undefined,
    allowChanges: flags.allowChanges ?? false,
  });
}

async function createFolder(path: string): Promise<void> {
  try {
    await Deno.mkdir(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) throw error;
    const reason = error instanceof Deno.errors.AlreadyExists ||
        error instanceof Deno.errors.NotADirectory
      ? "a file is in the way"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new RunRefusedError(
      `Cannot create the journal folder "${path}": ${reason}: choose another --report-dir or --journal`,
    );
  }
}

function openReports(
  prepared: PreparedSend,
  runId: string,
  context: RunContext,
  retryFile: boolean,
): Promise<ReportSet> {
  const { flags, io } = context;
  return openReporters({
    outputFormat: flags.outputFormat,
    ...(flags.outputFile === undefined ? {} : { outputFile: flags.outputFile }),
    reportDir: flags.reportDir,
    runId,
    inputFormat: prepared.source.format,
    console: {
      sink: io.stdout,
      verbose: flags.verbose ?? false,
      quiet: flags.quiet ?? false,
      colors: io.colors,
    },
    retryFile,
  });
}

function newProgress(
  prepared: PreparedSend,
  context: RunContext,
): Progress | undefined {
  if (context.flags.quiet) return undefined;
  return new Progress({
    sink: context.io.stderr,
    live: context.io.stderrIsTerminal,
    ...(prepared.expectedTotal === undefined
      ? {}
      : { total: prepared.expectedTotal }),
  });
}

function rateLimitOf(prepared: PreparedSend) {
  const rate = prepared.config.processing.rate_limit_per_second;
  return rate === undefined ? {} : { rateLimitPerSecond: rate };
}

function summaryOf(
  runId: string,
  startedAt: Date,
  result: PipelineResult,
): RunSummary {
  const ended = new Date();
  return {
    runId,
    startedAt: startedAt.toISOString(),
    endedAt: ended.toISOString(),
    durationMs: ended.getTime() - startedAt.getTime(),
    dryRun: false,
    ...result.counts,
    ...(result.stoppedReason === undefined
      ? {}
      : { stoppedReason: result.stoppedReason }),
  };
}

/**
 * Fails a run whose input held no line at all, which only standard input
 * can reach: a file is checked before the run. An empty pipe in a cron job
 * must not pass for success.
 */
function noRecipients(
  summary: RunSummary,
  context: RunContext,
): number | undefined {
  if (summary.total > 0) return undefined;
  context.io.stderr.writeLine(
    "Error: The input contains no phone numbers: check what feeds standard input",
  );
  return EXIT.USAGE;
}

/** Chooses the exit code of a finished run, most serious first. */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.stoppedReason === "interrupted") return EXIT.INTERRUPTED;
  if (summary.stoppedReason !== undefined) return EXIT.STOPPED;
  if (summary.unknown > 0) return EXIT.UNKNOWN;
  if (summary.failed > 0) return EXIT.SOME_FAILED;
  return EXIT.OK;
}
