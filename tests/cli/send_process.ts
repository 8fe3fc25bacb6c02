/**
 * Runs `main.ts send` as a child `deno run` process with narrow permissions,
 * so tests can kill it, signal it and run two at once. Every file the child
 * touches sits in one temporary folder, and the only address it may reach is
 * the sandbox's loopback port.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const MAIN_PATH = fileURLToPath(new URL("../../main.ts", import.meta.url));
const DENO_CONFIG_PATH = fileURLToPath(
  new URL("../../deno.json", import.meta.url),
);
const PROJECT_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Options of {@linkcode spawnSend}. */
export interface SpawnSendOptions {
  /** Folder the child may read and write: config, input, journal, reports. */
  dir: string;
  /** Port of the sandbox on 127.0.0.1, the only address the child may reach. */
  port: number;
}

/** How a child process ended and what it printed. */
export interface SendResult {
  /** Exit code of the process. */
  code: number;
  /** Signal that ended the process, or `null` when it exited by itself. */
  signal: Deno.Signal | null;
  stdout: string;
  stderr: string;
}

/** A running `send` child process. */
export interface SendProcess extends AsyncDisposable {
  readonly pid: number;
  /** Stderr printed so far. */
  stderr(): string;
  /** Tells whether the process has ended. */
  hasExited(): boolean;
  /**
   * Waits until stderr contains `text`. Resolves `false` when the process
   * ends first or `timeoutMs` passes.
   */
  waitForStderr(text: string, timeoutMs: number): Promise<boolean>;
  /** Sends `signal` unless the process has already ended. */
  kill(signal: Deno.Signal): void;
  /** Waits for the end of the process and of both output streams. */
  result(): Promise<SendResult>;
}

/** Builds the `deno run` arguments of `send` with `args` appended. */
export function sendCommandArgs(
  args: string[],
  options: SpawnSendOptions,
): string[] {
  return [
    "run",
    "--no-prompt",
    `--config=${DENO_CONFIG_PATH}`,
    `--allow-net=127.0.0.1:${options.port}`,
    `--allow-read=${options.dir}`,
    `--allow-write=${options.dir}`,
    MAIN_PATH,
    "send",
    ...args,
  ];
}

/**
 * Starts `deno run main.ts send ARGS` in the background. Dispose of the
 * returned process (or await its `result()`) in every test, because a
 * disposed process is killed with SIGKILL if it still runs.
 */
export function spawnSend(
  args: string[],
  options: SpawnSendOptions,
): SendProcess {
  const child = new Deno.Command("deno", {
    args: sendCommandArgs(args, options),
    cwd: PROJECT_DIR,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let exited = false;
  const status = child.status.then((value) => {
    exited = true;
    notify();
    return value;
  });
  const output = { stdout: "", stderr: "" };
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const reading = Promise.all([
    collect(child.stdout, (text) => {
      output.stdout += text;
    }),
    collect(child.stderr, (text) => {
      output.stderr += text;
      notify();
    }),
  ]);

  const kill = (signal: Deno.Signal) => {
    if (exited) return;
    try {
      child.kill(signal);
    } catch (error) {
      // The process ended between the check and the kill.
      if (!(error instanceof TypeError)) throw error;
    }
  };

  const result = async (): Promise<SendResult> => {
    const { code, signal } = await status;
    await reading;
    return { code, signal, stdout: output.stdout, stderr: output.stderr };
  };

  const waitForStderr = (text: string, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (output.stderr.includes(text)) finish(true);
        else if (exited) finish(false);
      };
      const finish = (found: boolean) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    pid: child.pid,
    stderr: () => output.stderr,
    hasExited: () => exited,
    waitForStderr,
    kill,
    result,
    async [Symbol.asyncDispose]() {
      kill("SIGKILL");
      await result();
    },
  };
}

/** Runs `send` with `args` to its end. */
export async function runSend(
  args: string[],
  options: SpawnSendOptions,
): Promise<SendResult> {
  await using process = spawnSend(args, options);
  return await process.result();
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  onText: (text: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    onText(decoder.decode(chunk, { stream: true }));
  }
  onText(decoder.decode());
}

/** One line of a run journal, as the tests read it. */
export interface JournalLine {
  type: string;
  phone?: string;
  key?: string;
  stage?: string;
}

/**
 * Reads the journal at `path`, skipping a last line that a kill cut short.
 */
export async function readJournalLines(path: string): Promise<JournalLine[]> {
  const text = await Deno.readTextFile(path);
  const lines = text.split("\n").filter((line) => line !== "");
  const records: JournalLine[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      if (index !== lines.length - 1) throw error;
    }
  }
  return records;
}

/**
 * Waits until the journal at `path` contains at least `count` lines of `type`.
 * Resolves `false` when `process` ends first or `timeoutMs` passes.
 */
export async function waitForJournal(
  path: string,
  wanted: { type: string; count: number },
  options: { process: SendProcess; timeoutMs: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.process.hasExited()) {
    const lines = await readJournalLines(path).catch(() => []);
    const seen = lines.filter((line) => line.type === wanted.type).length;
    if (seen >= wanted.count) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}
