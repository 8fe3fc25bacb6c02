/**
 * Where the command line writes: stdout for results, stderr for progress,
 * warnings and errors.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A line-oriented output stream. */
export interface LineSink {
  writeLine(text: string): void;
  /** Replaces the current line, for a live progress bar. */
  writeLive?(text: string): void;
}

/** The streams and terminal facts of one invocation. */
export interface TerminalIo {
  stdout: LineSink;
  stderr: LineSink;
  /** Whether stderr is a terminal, so a live progress line fits. */
  stderrIsTerminal: boolean;
  /** Whether colours may be used on stdout. */
  colors: boolean;
  /** Installs SIGINT and SIGTERM handlers; off in tests run in-process. */
  handleSignals: boolean;
}

/** Builds the real terminal of this process. */
export function processIo(): TerminalIo {
  const stderrIsTerminal = Deno.stderr.isTerminal();
  return {
    stdout: sinkOf(Deno.stdout),
    stderr: sinkOf(Deno.stderr),
    stderrIsTerminal,
    // Deno.noColor reflects NO_COLOR without needing --allow-env.
    colors: Deno.stdout.isTerminal() && !Deno.noColor,
    handleSignals: true,
  };
}

function sinkOf(stream: { writeSync(bytes: Uint8Array): number }): LineSink {
  let closed = false;
  const write = (text: string) => {
    if (closed) return;
    try {
      writeAllSync(stream, encoder.encode(text));
    } catch (error) {
      // A reader that went away, such as `| head -1`, must not turn a run
      // into a failure: the reports and journal are still written.
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      closed = true;
    }
  };
  return {
    writeLine: (text) => write(text + "\n"),
    writeLive: (text) => write(`\r\x1b[2K${text}`),
  };
}

function writeAllSync(
  stream: { writeSync(bytes: Uint8Array): number },
  bytes: Uint8Array,
): void {
  let offset = 0;
  while (offset < bytes.length) {
    offset += stream.writeSync(bytes.subarray(offset));
  }
}
