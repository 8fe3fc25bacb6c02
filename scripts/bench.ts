/**
 * Benchmark of `send` against the sandbox with fixed latency. Each case
 * starts its own sandbox process, writes an input of distinct mobile
 * numbers and a configuration, runs `send` as a separate process under
 * GNU time, and prints wall time against the ideal
 * `ceil(N / concurrency) × 2 × latency`, CPU time per recipient, peak RSS
 * and requests per second. A last case checks the SMS rate limit from the
 * times the sandbox received each message.
 *
 * Run with `deno task bench` from the project folder. `deno task bench
 * --profile` runs the 10,000-recipient case with V8's CPU profiler instead
 * and prints the functions with the most self time.
 *
 * @module
 */

import { HEAP_LIMIT_FLAG } from "../src/cli/runtime_flags.ts";
import os from "node:os";
import { summarizeProfile } from "./bench/cpu_profile.ts";
import { writeConfig, writeNumbers } from "./bench/fixtures.ts";
import { measureRate, type RateFigures } from "./bench/rate_window.ts";
import { startSandboxProcess } from "./bench/sandbox_process.ts";
import { GNU_TIME, hasGnuTime, runMeasured } from "./bench/send_process.ts";

/** One run of `send`. */
interface BenchCase {
  recipients: number;
  concurrency: number;
  latencyMs: number;
  /** SMS a second, or no limit when absent. */
  rateLimit?: number;
}

/** Figures of one finished case. */
interface CaseResult {
  benchCase: BenchCase;
  wallMs: number;
  idealMs: number;
  cpuMs?: number;
  peakRssBytes?: number;
  /** Size of the JSON report and the journal that `send` wrote. */
  filesBytes: number;
  rate?: RateFigures;
}

const THROUGHPUT_CASES: BenchCase[] = [
  { recipients: 1_000, concurrency: 50, latencyMs: 50 },
  { recipients: 10_000, concurrency: 50, latencyMs: 50 },
  { recipients: 100_000, concurrency: 50, latencyMs: 50 },
  { recipients: 10_000, concurrency: 200, latencyMs: 20 },
];
const RATE_CASE: BenchCase = {
  recipients: 500,
  concurrency: 50,
  latencyMs: 50,
  rateLimit: 50,
};
const PROFILED_CASE = THROUGHPUT_CASES[1]!;

const TARGETS = {
  maxWallRatio: 1.1,
  maxCpuMsPerRecipient: 0.6,
  maxRssBytes: 150e6,
  maxRssGrowth: 1.2,
  maxRateError: 0.02,
};

const USAGE = `Usage: deno task bench [--profile]

Without options, runs every case and prints one line each.
--profile  runs ${PROFILED_CASE.recipients} recipients at concurrency ${PROFILED_CASE.concurrency} and ${PROFILED_CASE.latencyMs} ms
           under V8's CPU profiler and prints the top self-time functions`;

async function main(args: string[]): Promise<number> {
  if (args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== "--profile");
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }

  console.log(describeMachine());
  const gnuTime = await hasGnuTime();
  if (!gnuTime) {
    console.log(
      `${GNU_TIME} is missing or not GNU time: CPU and peak RSS are not measured`,
    );
  }

  // The folder is git-ignored, and every file of the run goes under it.
  await Deno.mkdir("reports", { recursive: true, mode: 0o700 });
  const workDir = await Deno.makeTempDir({ dir: "reports", prefix: "bench-" });
  try {
    if (args.includes("--profile")) {
      await profile(workDir, gnuTime);
    } else {
      await benchmark(workDir, gnuTime);
    }
    return 0;
  } catch (error) {
    console.error(
      `Benchmark failed: ${error instanceof Error ? error.message : error}`,
    );
    return 1;
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
}

function describeMachine(): string {
  const cpus = os.cpus();
  const memoryGiB = Deno.systemMemoryInfo().total / 2 ** 30;
  return [
    `Machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} logical CPUs,`,
    `${memoryGiB.toFixed(1)} GiB RAM, ${Deno.build.os} ${Deno.osRelease()};`,
    `Deno ${Deno.version.deno}, V8 ${Deno.version.v8}`,
  ].join(" ");
}

async function benchmark(workDir: string, gnuTime: boolean): Promise<void> {
  const startup = await runMeasured({
    denoArgs: ["run", "--no-prompt", "main.ts", "--version"],
    timeOutputPath: `${workDir}/startup.time`,
    gnuTime,
    timeoutMs: 60_000,
  });
  console.log(
    `Startup (main.ts --version): wall ${formatMs(startup.wallMs)} ms, ` +
      `CPU ${formatOptional(startup.cpuMs, formatMs)} ms, ` +
      `peak RSS ${formatOptional(startup.peakRssBytes, formatMb)} MB\n`,
  );

  console.log(TABLE_HEADER);
  const results: CaseResult[] = [];
  for (const benchCase of THROUGHPUT_CASES) {
    const result = await runCase(benchCase, workDir, gnuTime);
    results.push(result);
    console.log(tableRow(result));
  }

  const rateResult = await runCase(RATE_CASE, workDir, gnuTime);
  console.log(tableRow(rateResult));
  const rate = rateResult.rate!;
  console.log(
    `\nRate limit ${RATE_CASE.rateLimit}/s over ${RATE_CASE.recipients} SMS: ` +
      `max ${rate.maxInWindow} SMS in any 1-second window, ` +
      `overall ${rate.overallPerSecond.toFixed(2)} SMS/s`,
  );

  console.log("\nTargets:");
  for (const line of targetLines(results, rate)) console.log(`  ${line}`);
}

async function profile(workDir: string, gnuTime: boolean): Promise<void> {
  const profileDir = `${workDir}/profile`;
  console.log(
    "Profiling one case; V8's profiler adds CPU time, so its figures are not the benchmark's\n",
  );
  console.log(TABLE_HEADER);
  const result = await runCase(PROFILED_CASE, workDir, gnuTime, [
    "--cpu-prof",
    `--cpu-prof-dir=${profileDir}`,
  ]);
  console.log(tableRow(result));

  const files = [];
  for await (const entry of Deno.readDir(profileDir)) {
    if (entry.name.endsWith(".cpuprofile")) files.push(entry.name);
  }
  if (files.length !== 1) {
    throw new Error(
      `Expected one .cpuprofile in the profile folder, found ${files.length}`,
    );
  }

  const projectRoot = new URL("../", import.meta.url).href;
  const summary = summarizeProfile(
    await Deno.readTextFile(`${profileDir}/${files[0]}`),
    projectRoot,
  );
  console.log(
    `\nSampled ${formatMs(summary.totalMs)} ms. Top functions by self time:`,
  );
  for (const row of summary.functions.slice(0, 25)) {
    console.log(`  ${selfTimeColumns(row.selfMs, row.share)}  ${row.label}`);
  }
  console.log("\nSelf time by project file:");
  for (const row of summary.projectFiles.slice(0, 15)) {
    console.log(`  ${selfTimeColumns(row.selfMs, row.share)}  ${row.label}`);
  }
}

/**
 * Runs `benchCase` against a sandbox of its own, which is stopped before
 * this returns or throws.
 *
 * @throws {Error} when `send` fails, times out, or the sandbox did not
 * receive one assessment and one SMS per recipient.
 */
async function runCase(
  benchCase: BenchCase,
  workDir: string,
  gnuTime: boolean,
  extraDenoArgs: string[] = [],
): Promise<CaseResult> {
  const { recipients, concurrency, latencyMs, rateLimit } = benchCase;
  const caseDir = `${workDir}/n${recipients}-c${concurrency}-l${latencyMs}` +
    (rateLimit === undefined ? "" : `-r${rateLimit}`);
  const reportDir = `${caseDir}/reports`;
  await Deno.mkdir(caseDir, { recursive: true });
  await writeNumbers(`${caseDir}/numbers.txt`, recipients);
  const idealMs = Math.ceil(recipients / concurrency) * 2 * latencyMs;

  const sandbox = await startSandboxProcess(latencyMs);
  try {
    await writeConfig(`${caseDir}/config.yml`, {
      sandboxUrl: sandbox.url,
      maxConcurrent: concurrency,
      ...(rateLimit === undefined ? {} : { rateLimitPerSecond: rateLimit }),
    });
    const usage = await runMeasured({
      denoArgs: [
        "run",
        "--no-prompt",
        // The flags of the recommended run line, as `permissions` prints it.
        HEAP_LIMIT_FLAG,
        ...extraDenoArgs,
        `--allow-net=127.0.0.1:${sandbox.port}`,
        `--allow-read=${caseDir}`,
        `--allow-write=${caseDir}`,
        "main.ts",
        "send",
        `${caseDir}/numbers.txt`,
        "--config",
        `${caseDir}/config.yml`,
        "--quiet",
        "--output-format",
        "json",
        "--report-dir",
        reportDir,
      ],
      timeOutputPath: `${caseDir}/send.time`,
      gnuTime,
      timeoutMs: sendTimeoutMs(benchCase, idealMs),
    });
    if (usage.code !== 0) {
      throw new Error(
        `send exited with code ${usage.code}:\n${usage.stdout}${usage.stderr}`,
      );
    }
    await checkAccepted(sandbox.url, recipients);

    const result: CaseResult = {
      benchCase,
      wallMs: usage.wallMs,
      idealMs,
      filesBytes: await folderSize(reportDir),
    };
    if (usage.cpuMs !== undefined) result.cpuMs = usage.cpuMs;
    if (usage.peakRssBytes !== undefined) {
      result.peakRssBytes = usage.peakRssBytes;
    }
    if (rateLimit !== undefined) result.rate = await outboxRate(sandbox.url);
    return result;
  } finally {
    await sandbox.stop();
  }
}

/**
 * Allows three times the ideal (or, with a rate limit, the time the limit
 * needs) plus a minute for start-up and reports.
 */
function sendTimeoutMs(benchCase: BenchCase, idealMs: number): number {
  const limitedMs = benchCase.rateLimit === undefined
    ? 0
    : benchCase.recipients / benchCase.rateLimit * 1000;
  return 3 * Math.max(idealMs, limitedMs) + 60_000;
}

interface SandboxStats {
  accepted: { assessment: number; sms: number };
}

async function checkAccepted(url: string, recipients: number): Promise<void> {
  const response = await fetch(`${url}/_sandbox/stats`);
  const stats = await response.json() as SandboxStats;
  const { assessment, sms } = stats.accepted;
  if (assessment !== recipients || sms !== recipients) {
    throw new Error(
      `The sandbox accepted ${assessment} assessments and ${sms} SMS, expected ${recipients} of each`,
    );
  }
}

async function outboxRate(url: string): Promise<RateFigures> {
  const response = await fetch(`${url}/sms/outbox`);
  const outbox = await response.json() as {
    messages: { received_at: string }[];
  };
  return measureRate(
    outbox.messages.map((message) => Date.parse(message.received_at)),
  );
}

async function folderSize(path: string): Promise<number> {
  let bytes = 0;
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile) bytes += (await Deno.stat(`${path}/${entry.name}`)).size;
  }
  return bytes;
}

const TABLE_HEADER = [
  "| N | concurrency | latency ms | rate limit/s | wall s | ideal s | wall/ideal | CPU ms/recipient | peak RSS MB | requests/s | report+journal MB |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
].join("\n");

function tableRow(result: CaseResult): string {
  const { recipients, concurrency, latencyMs, rateLimit } = result.benchCase;
  const cells = [
    recipients.toLocaleString("en-US"),
    String(concurrency),
    String(latencyMs),
    rateLimit === undefined ? "-" : String(rateLimit),
    (result.wallMs / 1000).toFixed(2),
    (result.idealMs / 1000).toFixed(2),
    (result.wallMs / result.idealMs).toFixed(3),
    formatOptional(result.cpuMs, (ms) => (ms / recipients).toFixed(3)),
    formatOptional(result.peakRssBytes, formatMb),
    Math.round(2 * recipients / (result.wallMs / 1000)).toLocaleString("en-US"),
    formatMb(result.filesBytes),
  ];
  return `| ${cells.join(" | ")} |`;
}

function targetLines(results: CaseResult[], rate: RateFigures): string[] {
  const [small, medium, large] = results;
  const lines: string[] = [];
  if (medium !== undefined) {
    const ratio = medium.wallMs / medium.idealMs;
    lines.push(
      `${verdict(ratio <= TARGETS.maxWallRatio)} wall/ideal ${
        ratio.toFixed(3)
      } <= ${TARGETS.maxWallRatio} at N=10,000, c=50, 50 ms`,
    );
    if (medium.cpuMs !== undefined) {
      const perRecipient = medium.cpuMs / medium.benchCase.recipients;
      lines.push(
        `${verdict(perRecipient <= TARGETS.maxCpuMsPerRecipient)} CPU ${
          perRecipient.toFixed(3)
        } ms/recipient <= ${TARGETS.maxCpuMsPerRecipient} at N=10,000, c=50, 50 ms`,
      );
    }
  }

  const largeRss = large?.peakRssBytes;
  const smallRss = small?.peakRssBytes;
  if (large !== undefined && largeRss !== undefined) {
    lines.push(
      `${verdict(largeRss <= TARGETS.maxRssBytes)} peak RSS ${
        formatMb(largeRss)
      } MB <= ${formatMb(TARGETS.maxRssBytes)} MB at N=100,000`,
    );
    if (smallRss !== undefined) {
      const bound = TARGETS.maxRssGrowth * smallRss + large.filesBytes;
      lines.push(
        `${verdict(largeRss <= bound)} peak RSS ${formatMb(largeRss)} MB <= ` +
          `${TARGETS.maxRssGrowth} x ${formatMb(smallRss)} MB (N=1,000) + ` +
          `${formatMb(large.filesBytes)} MB of report and journal = ${
            formatMb(bound)
          } MB`,
      );
    }
  }

  const limit = RATE_CASE.rateLimit!;
  lines.push(
    `${
      verdict(rate.maxInWindow <= limit)
    } max ${rate.maxInWindow} SMS in any 1-second window <= ${limit}`,
  );
  const error = Math.abs(rate.overallPerSecond - limit) / limit;
  lines.push(
    `${verdict(error <= TARGETS.maxRateError)} overall ${
      rate.overallPerSecond.toFixed(2)
    } SMS/s within ${TARGETS.maxRateError * 100}% of ${limit}`,
  );
  return lines;
}

function verdict(met: boolean): string {
  return met ? "met:   " : "MISSED:";
}

function selfTimeColumns(ms: number, share: number): string {
  return `${formatMs(ms).padStart(9)} ms ${
    (share * 100).toFixed(1).padStart(5)
  }%`;
}

function formatMs(ms: number): string {
  return ms.toFixed(0);
}

function formatMb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function formatOptional(
  value: number | undefined,
  format: (value: number) => string,
): string {
  return value === undefined ? "n/a" : format(value);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
