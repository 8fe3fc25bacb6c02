/**
 * The sandbox as a child process: `main.ts sandbox --port 0` on loopback,
 * with the port read from the first line it prints.
 *
 * @module
 */

const LISTENING = /^Sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/;
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** A running sandbox process. */
export interface SandboxProcess {
  /** Origin of both APIs, such as `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Stops the process with SIGTERM, then SIGKILL if it does not exit. */
  stop(): Promise<void>;
}

/**
 * Starts the sandbox with `latencyMs` of delay before each response and
 * resolves once it listens. The process is stopped again if it does not
 * print its address within 30 seconds.
 *
 * @throws {Error} when the sandbox exits or times out before listening.
 */
export async function startSandboxProcess(
  latencyMs: number,
): Promise<SandboxProcess> {
  const child = new Deno.Command("deno", {
    args: [
      "run",
      "--no-prompt",
      "--allow-net=127.0.0.1",
      "main.ts",
      "sandbox",
      "--port",
      "0",
      "--latency-ms",
      String(latencyMs),
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();

  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const stop = () => stopChild(child, lines);
  try {
    const first = await withTimeout(firstLine(lines), START_TIMEOUT_MS);
    const match = first === undefined ? null : LISTENING.exec(first);
    if (match === null) {
      throw new Error(
        `The sandbox did not start: its first line was ${
          JSON.stringify(first)
        }`,
      );
    }
    // The banner's other lines still have to be read, or a full pipe
    // could block the sandbox.
    const drained = drain(lines);
    return {
      url: match[1]!,
      port: Number(match[2]),
      stop: async () => {
        await stopChild(child);
        await drained;
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function firstLine(
  reader: ReadableStreamDefaultReader<string>,
): Promise<string | undefined> {
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) return text === "" ? undefined : text;
    text += value;
  }
  return text.slice(0, text.indexOf("\n")).trimEnd();
}

async function drain(reader: ReadableStreamDefaultReader<string>) {
  while (!(await reader.read()).done) {
    // Discards the output.
  }
}

async function stopChild(
  child: Deno.ChildProcess,
  reader?: ReadableStreamDefaultReader<string>,
): Promise<void> {
  await reader?.cancel();
  if (await exitsWithin(child, "SIGTERM", STOP_TIMEOUT_MS)) return;
  await exitsWithin(child, "SIGKILL", STOP_TIMEOUT_MS);
}

async function exitsWithin(
  child: Deno.ChildProcess,
  signal: Deno.Signal,
  timeoutMs: number,
): Promise<boolean> {
  try {
    child.kill(signal);
  } catch {
    // The process has already exited.
  }
  try {
    await withTimeout(child.status, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Resolves like `promise`, or rejects after `ms` milliseconds. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
