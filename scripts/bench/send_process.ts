/**
 * Runs `send` as its own process and measures it. Wall time comes from the
 * benchmark's clock. CPU time and peak RSS come from GNU time, which
 * collects the child's resource usage with `wait4` when the child exits.
 *
 * @module
 */

import { withTimeout } from "./sandbox_process.ts";

/** Path of GNU time, the one program besides `deno` the benchmark runs. */
export const GNU_TIME = "/usr/bin/time";

/** `%U %S %M`: user and system seconds, peak resident set in KiB. */
const TIME_FORMAT = "%U %S %M";

/** Resources of a finished process. */
export interface Usage {
  /** Exit code of the measured process. */
  code: number;
  wallMs: number;
  /** User plus system CPU time; absent without GNU time. */
  cpuMs?: number;
  /** Peak resident set size in bytes; absent without GNU time. */
  peakRssBytes?: number;
  stdout: string;
  stderr: string;
}

/** Options of {@linkcode runMeasured}. */
export interface RunMeasuredOptions {
  /** Arguments of `deno`, such as `["run", ..., "main.ts", "send", ...]`. */
  denoArgs: string[];
  /** File GNU time writes its figures to. */
  timeOutputPath: string;
  /** Whether GNU time is available; see {@linkcode hasGnuTime}. */
  gnuTime: boolean;
  /** Time after which the run counts as failed. */
  timeoutMs: number;
}

/**
 * Returns whether {@linkcode GNU_TIME} runs and is GNU time, whose `-f` and
 * `-o` options the measurement needs.
 */
export async function hasGnuTime(): Promise<boolean> {
  try {
    const { stdout, stderr } = await new Deno.Command(GNU_TIME, {
      args: ["--version"],
      stdin: "null",
    }).output();
    const text = new TextDecoder().decode(stdout) +
      new TextDecoder().decode(stderr);
    return text.includes("GNU Time");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * Runs `deno` with `options.denoArgs`, under GNU time when available, and
 * returns its exit code, output and resources.
 *
 * @throws {Error} when the run outlasts `options.timeoutMs`. The process
 * is then killed; under GNU time only GNU time itself gets the signal.
 */
export async function runMeasured(options: RunMeasuredOptions): Promise<Usage> {
  const command = options.gnuTime
    ? new Deno.Command(GNU_TIME, {
      args: [
        "-f",
        TIME_FORMAT,
        "-o",
        options.timeOutputPath,
        "deno",
        ...options.denoArgs,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command("deno", {
      args: options.denoArgs,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    });

  const started = performance.now();
  const child = command.spawn();
  let output: Deno.CommandOutput;
  try {
    output = await withTimeout(child.output(), options.timeoutMs);
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch {
      // The process has already exited.
    }
    throw error;
  }
  const wallMs = performance.now() - started;

  const decoder = new TextDecoder();
  const usage: Usage = {
    code: output.code,
    wallMs,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
  if (!options.gnuTime) return usage;
  return { ...usage, ...await readTimeOutput(options.timeOutputPath) };
}

async function readTimeOutput(
  path: string,
): Promise<{ cpuMs: number; peakRssBytes: number }> {
  const text = await Deno.readTextFile(path);
  // GNU time writes "Command exited with non-zero status N" before the
  // figures when the command fails, so the figures are on the last line.
  const last = text.trimEnd().split("\n").at(-1) ?? "";
  const [user, system, rssKiB] = last.trim().split(/\s+/).map(Number);
  if (
    user === undefined || system === undefined || rssKiB === undefined ||
    [user, system, rssKiB].some(Number.isNaN)
  ) {
    throw new Error(`Unexpected GNU time output: ${JSON.stringify(text)}`);
  }
  return {
    cpuMs: (user + system) * 1000,
    peakRssBytes: rssKiB * 1024,
  };
}
